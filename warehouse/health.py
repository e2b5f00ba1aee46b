"""Which sources need the operator: broken or suspect for several harvests in a row.

A government site that is down for a night is common and fixes itself; one that has failed
three nights running, or keeps yielding fewer items than it declares (a redesign), needs a
person. marts.harvest_health counts each source's streak; this reads the latest row of every
source. The nightly DAG ends with a task that fails when a source needs attention (the run
turns red; a deployment's failure notifier tells the operator), after the snapshot is
published: the data of the night is never held back by it. `govreports status --check` is the
same check for cron and monitoring.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from warehouse.config import Paths, paths

DEFAULT_ALERT_AFTER_NIGHTS = 3


def alert_after_nights() -> int:
    """Consecutive broken or suspect harvests of a source before it needs attention."""
    return int(os.environ.get("GOVREPORTS_ALERT_AFTER_NIGHTS", DEFAULT_ALERT_AFTER_NIGHTS))


@dataclass
class SourceAlert:
    source_id: str
    status: str            # broken / suspect
    streak: int            # harvests in a row with that status, the latest included
    since: str             # when the streak began (UTC)
    reason: str

    def line(self) -> str:
        return f"{self.source_id}: {self.status} {self.streak} harvests in a row since {self.since} UTC ({self.reason})"


class SourcesNeedAttention(Exception):
    def __init__(self, alerts: list[SourceAlert]):
        self.alerts = alerts
        super().__init__(f"{len(alerts)} source(s) need attention: " + "; ".join(a.line() for a in alerts))


def sources_needing_attention(home: Paths | None = None, after_nights: int | None = None) -> list[SourceAlert]:
    """Sources whose latest harvests were broken or suspect `after_nights` times running."""
    from warehouse.status import connect_for_reading, has_table

    after_nights = after_nights or alert_after_nights()
    con, _ = connect_for_reading(home or paths())
    with con:
        if not has_table(con, "marts", "harvest_health"):
            return []
        rows = con.execute(
            """select source_id, status, status_streak, strftime(status_since, '%Y-%m-%d %H:%M'),
                      coalesce(status_reason, '')
               from marts.harvest_health
               qualify row_number() over (partition by source_id order by started_at desc) = 1
                   and status <> 'ok' and status_streak >= ?
               order by source_id""",
            [after_nights],
        ).fetchall()
    return [SourceAlert(*row) for row in rows]


def check_sources(home: Paths | None = None, after_nights: int | None = None) -> None:
    """Raise SourcesNeedAttention naming every source that needs a person."""
    alerts = sources_needing_attention(home, after_nights)
    if alerts:
        raise SourcesNeedAttention(alerts)
