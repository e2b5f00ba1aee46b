"""The steps of the nightly job, as plain functions.

Airflow tasks (dags/) and the CLI (warehouse/cli.py) both call these, in the same order:
plan_harvest → harvest_batch (once per source, in parallel where the executor allows)
→ load → build → publish → summarize. Each step takes and returns plain data (dicts, lists)
so that it can cross Airflow's XCom unchanged.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scrapers.landing import HarvestStats, LandingBatch, write_batch
from warehouse.config import Paths, paths

log = logging.getLogger("govreports")

Progress = Callable[[str], None]


def say(message: str) -> None:
    """Progress for the operator: one line on the log, marked so `govreports run` can echo it."""
    log.warning("govreports: %s", message)


def manual_run_id() -> str:
    return "manual__" + datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def safe_run_id(run_id: str) -> str:
    """A run id usable in file names (Airflow's contain ':' and '+')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", run_id)


def registry_path() -> Path:
    from scrapers.registry import default_registry_path

    return Path(default_registry_path())


class UnknownSources(ValueError):
    """The operator asked for source ids that are not enabled entries of the registry."""


def plan_harvest(
    run_id: str, home: Paths | None = None, registry: Path | None = None, only: list[str] | None = None
) -> list[dict]:
    """The sources to harvest tonight, as registry entries (dicts); `only`: just these ids.

    A bad registry entry does not stop the night: it becomes a failed harvest run with
    error class `config` (so it shows in harvest health and `status`) and is skipped.
    A registry file that cannot be read at all, or an id in `only` that names no enabled
    source (a typo in a manual trigger), is an error for the operator to fix.
    """
    from scrapers.registry import load_registry

    home = home or paths()
    registry = registry or registry_path()
    loaded = load_registry(registry)
    for problem in loaded.problems:
        say(f"registry problem, entry skipped: {problem}")
        _record_config_problem(home, run_id, problem)
    entries = _only(only, [entry.model_dump(mode="json") for entry in loaded.sources if entry.enabled])
    say(f"{len(entries)} source(s) to harvest from {registry}")
    return entries


def check_source_ids(only: list[str], registry: Path | None = None) -> None:
    """Raise UnknownSources before a run starts if `only` names no enabled source."""
    from scrapers.registry import load_registry

    _only(only, [{"id": e.id} for e in load_registry(registry or registry_path()).sources if e.enabled])


def _only(only: list[str] | None, entries: list[dict]) -> list[dict]:
    if not only:
        return entries
    unknown = set(only) - {e["id"] for e in entries}
    if unknown:
        raise UnknownSources(f"unknown or disabled source(s): {', '.join(sorted(unknown))}; "
                             "see `govreports sources list`")
    return [e for e in entries if e["id"] in only]


def _record_config_problem(home: Paths, run_id: str, problem: str) -> None:
    match = re.search(r"entry '([^']+)'", problem)
    source_id = match.group(1) if match else "registry"
    now = datetime.now(UTC).isoformat()
    write_batch(
        LandingBatch(
            batch_id=f"{safe_run_id(run_id)}__{safe_run_id(source_id)}",
            run_id=run_id,
            source={"id": source_id, "name": None, "platform": None},
            started_at=now,
            finished_at=now,
            outcome="failed",
            error_class="config",
            error_message=problem,
            stats=HarvestStats(),
            fetches=[],
            documents=[],
        ),
        home.landing,
    )


def harvest_batch(entry: dict, run_id: str, home: Paths | None = None, full_walk: bool = False) -> dict:
    """Harvest one source into one landing file; never raises for a site's problems.

    `full_walk`: walk every list to its end and re-check every known article tonight, whether
    or not the source's periodic full walk is due."""
    from scrapers.harvest import harvest_source
    from scrapers.registry import SourceEntry

    home = home or paths()
    source = SourceEntry.model_validate(entry)
    result = harvest_source(source, run_id=run_id, home=home.home, progress=lambda m: say(f"{source.id}: {m}"),
                            full_walk=full_walk)
    outcome = asdict(result) if hasattr(result, "__dataclass_fields__") else dict(result)
    outcome = {k: str(v) if isinstance(v, Path) else v for k, v in outcome.items()}
    line = f"{source.id}: {outcome.get('outcome')}"
    if outcome.get("error_class"):
        line += f" ({outcome['error_class']}: {outcome.get('error_message')})"
    say(line)
    return outcome


def load(home: Paths | None = None) -> dict:
    from warehouse.loader import load_landing

    home = home or paths()
    result = load_landing(home, progress=say)
    for line in result.rejected:
        say(f"landing file rejected: {line}")
    say(
        f"loaded {result.batches_loaded} batch(es): {result.documents_new} new and "
        f"{result.documents_changed} changed document(s)"
    )
    return asdict(result)


def build(
    home: Paths | None = None, select: list[str] | None = None, full_refresh: bool = False, unit_tests: bool = False
) -> dict:
    """One `dbt build` in this process; the result is kept for `status` and the run summary.
    `select` and `full_refresh` are dbt's, for an operator rebuilding after a rule change;
    `unit_tests` adds dbt's unit tests, which a night leaves out (warehouse.dbt_runner)."""
    from warehouse.dbt_runner import run_dbt_build

    home = home or paths()
    # One line per model; passing tests are counted in the summary, not listed.
    result = run_dbt_build(
        home.warehouse, home=home.home, progress=lambda line: None if line.endswith(" pass") else say(line),
        select=select, full_refresh=full_refresh, unit_tests=unit_tests,
    )
    record = asdict(result)
    record["finished_at"] = datetime.now(UTC).isoformat()
    state = home.state / "last_build.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    say(
        f"dbt build: {record['models_built']} model(s), {record['tests_passed']} test(s) passed, "
        f"{record['tests_failed']} failed"
        + ("; seeds unchanged, not reloaded" if record["seeds_unchanged"] else "")
    )
    if not result.success:
        raise BuildFailed("; ".join(result.errors) or "dbt build failed")
    return record


class BuildFailed(RuntimeError):
    """dbt build did not succeed: the previous snapshot stays published."""


def publish(home: Paths | None = None) -> dict:
    """Swap in the read-only snapshot, then export the marts and rewrite the report page from it."""
    from warehouse.export import export_marts
    from warehouse.publish import publish_snapshot
    from warehouse.report_page import write_report_page

    home = home or paths()
    result = publish_snapshot(home)
    say(f"published {result.snapshot} -> {result.target.name}")
    # Read from the file just published, so exports and page show exactly what readers see.
    exported = export_marts(result.target, home.exports, build_record=home.state / "last_build.json", progress=say)
    say(f"exports {exported.current} -> {exported.folder.name}")
    page = write_report_page(result.target, home.report_page)
    say(f"report page {page}")
    return {"snapshot": str(result.snapshot), "target": str(result.target), "bytes": result.bytes,
            "exports": str(exported.folder), "report_page": str(page)}


@dataclass
class NightSummary:
    run_id: str
    sources: int = 0
    sources_ok: int = 0
    failed_sources: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    pages_fetched: int = 0
    articles_fetched: int = 0
    documents_new: int = 0
    reports_new: int = 0
    reports_total: int = 0
    models_built: int = 0
    tests_passed: int = 0
    tests_failed: int = 0
    seeds_unchanged: bool = False
    build_ok: bool = False
    warehouse: str = ""
    snapshot: str = ""
    exports: str = ""
    report_page: str = ""
    attention: list[str] = field(default_factory=list)  # sources broken or suspect night after night

    def lines(self) -> list[str]:
        out = [
            f"run {self.run_id}",
            f"sources        {self.sources} ({self.sources_ok} ok, {len(self.failed_sources)} failed)",
        ]
        out += [f"  failed       {source}: {reason}" for source, reason in self.failed_sources]
        out += [
            f"pages fetched  {self.pages_fetched} ({self.articles_fetched} article pages)",
            f"reports new    {self.reports_new} ({self.documents_new} new documents; "
            f"{self.reports_total} reports in the warehouse)",
            f"models built   {self.models_built}",
            f"tests passed   {self.tests_passed} ({self.tests_failed} failed)"
            + ("; seeds unchanged: not reloaded, their own tests not run" if self.seeds_unchanged else ""),
            f"warehouse      {self.warehouse}",
            f"snapshot       {self.snapshot}",
            f"exports        {self.exports}",
            f"report page    {self.report_page}",
        ]
        if self.documents_new == 0 and self.build_ok:
            out.append("nothing new tonight: no document was added or changed")
        out += [f"attention      {line}" for line in self.attention]
        return out


def summarize(run_id: str, home: Paths | None = None) -> NightSummary:
    """What a night did, read back from the warehouse and the last build record."""
    home = home or paths()
    summary = NightSummary(run_id=run_id, warehouse=str(home.warehouse), snapshot=str(home.snapshot),
                           exports=str(home.exports / "current"), report_page=str(home.report_page / "index.html"))
    build_record = home.state / "last_build.json"
    if build_record.exists():
        record = json.loads(build_record.read_text(encoding="utf-8"))
        summary.models_built = record.get("models_built", 0)
        summary.tests_passed = record.get("tests_passed", 0)
        summary.tests_failed = record.get("tests_failed", 0)
        summary.seeds_unchanged = bool(record.get("seeds_unchanged"))
        summary.build_ok = bool(record.get("success"))
    if not home.warehouse.exists():
        return summary
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        runs = con.execute(
            """select source_id, outcome, error_class, error_message, pages_requested,
                      articles_fetched, documents_new
               from raw.harvest_runs where run_id = ? order by source_id""",
            [run_id],
        ).fetchall()
        for source_id, outcome, error_class, message, pages, articles, new in runs:
            summary.sources += 1
            summary.pages_fetched += pages
            summary.articles_fetched += articles
            summary.documents_new += new
            if outcome == "failed":
                summary.failed_sources.append((source_id, f"{error_class}: {message}"))
            else:
                summary.sources_ok += 1
        has_reports = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'reports'"
        ).fetchone()[0]
        if has_reports:
            summary.reports_total = con.execute("select count(*) from marts.reports").fetchone()[0]
            summary.reports_new = con.execute(
                """with first_seen as (
                       select document_id, arg_min(batch_id, loaded_at) as first_batch_id
                       from raw.documents group by document_id
                   )
                   select count(*)
                   from marts.reports r
                   join first_seen f on f.document_id = r.report_id
                   join raw.harvest_runs h on h.batch_id = f.first_batch_id
                   where h.run_id = ?""",
                [run_id],
            ).fetchone()[0]
    from warehouse.health import sources_needing_attention

    summary.attention = [alert.line() for alert in sources_needing_attention(home)]
    return summary


def run_night(
    home: Paths | None = None,
    run_id: str | None = None,
    registry: Path | None = None,
    only: list[str] | None = None,
    full_walk: bool = False,
) -> NightSummary:
    """The whole nightly job once, without a scheduler: the same steps the DAGs run."""
    home = home or paths()
    run_id = run_id or manual_run_id()
    entries = plan_harvest(run_id, home, registry, only)
    for entry in entries:
        harvest_batch(entry, run_id, home, full_walk=full_walk)
    load(home)
    build_record = None
    try:
        build_record = build(home)
    except BuildFailed as exc:
        say(f"build failed, snapshot not published: {exc}")
    if build_record is not None:
        publish(home)
    return summarize(run_id, home)
