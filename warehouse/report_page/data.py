"""What the nightly report page shows, read from the published snapshot as plain JSON-able data.

Each panel reads the marts it needs and is None when they do not exist yet, so the page fills
in by itself on the first night a mart appears: indicator trends need `marts.indicator_values`,
most cited laws need `marts.text_facts` (both come with the indicators issue).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

# The reporting duty: the report on year Y is due before 1 April of Y + 1.
DEADLINE_MONTH_DAY = (4, 1)
# Columns an indicator_values mart needs for the trends panel (unit is used when present).
INDICATOR_COLUMNS = {"district_code", "report_year", "indicator_code", "value"}
# text_facts rows of this fact type are law citations; the first name column found is used.
LAW_FACT_TYPE = "law_cited"
LAW_NAME_COLUMNS = ("canonical_name", "law_name", "fact_value", "value")
TOP_LAWS = 15


def collect(con: duckdb.DuckDBPyConnection, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    return {
        "health": harvest_health(con),
        "reports": reports_summary(con),
        "coverage": coverage(con, today),
        "indicators": indicator_trends(con),
        "laws": most_cited_laws(con),
    }


def columns_of(con: duckdb.DuckDBPyConnection, table: str, schema: str = "marts") -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    }


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def harvest_health(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Each source's latest harvest, and how many sources are ok / suspect / broken."""
    if not columns_of(con, "harvest_health"):
        return None
    sources = rows(
        con,
        """select source_id, source_name, status, status_reason, started_at, documents_new, documents_held
           from marts.harvest_health
           qualify row_number() over (partition by source_id order by started_at desc) = 1
           order by case status when 'broken' then 0 when 'suspect' then 1 else 2 end, source_id""",
    )
    latest = con.execute(
        "select run_id, min(started_at) from marts.harvest_health "
        "group by run_id order by min(started_at) desc limit 1"
    ).fetchone()
    counts = {status: sum(1 for s in sources if s["status"] == status) for status in ("ok", "suspect", "broken")}
    return {
        "latest_run_id": latest[0] if latest else None,
        "latest_run_started_at": latest[1] if latest else None,
        "counts": counts,
        "sources": sources,
    }


def reports_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """How many reports, how many first seen in the latest harvest run, reports per year."""
    if not columns_of(con, "reports"):
        return None
    total = con.execute("select count(*) from marts.reports").fetchone()[0]
    new = 0
    if columns_of(con, "harvest_health") and columns_of(con, "documents", schema="raw"):
        # A report is new when its document was first fetched during the latest run.
        new = con.execute(
            """with latest_run as (
                   select min(started_at) as started_at from marts.harvest_health
                   group by run_id order by min(started_at) desc limit 1
               ),
               first_fetched as (
                   select document_id, min(fetched_at) as fetched_at from raw.documents group by document_id
               )
               select count(*) from marts.reports
               join first_fetched on first_fetched.document_id = reports.report_id
               where first_fetched.fetched_at >= (select started_at from latest_run)"""
        ).fetchone()[0]
    by_year = rows(
        con,
        "select report_year, count(*) as reports from marts.reports "
        "where report_year is not null group by report_year order by report_year",
    )
    without_district = con.execute("select count(*) from marts.reports where district_code is null").fetchone()[0]
    return {"total": total, "new_last_run": new, "by_year": by_year, "without_district": without_district}


def coverage(con: duckdb.DuckDBPyConnection, today: date) -> dict[str, Any] | None:
    """Districts × report years: found on time (before 1 April of the next year), late, or not found.

    The districts are those a source is registered for or a report was found for; the years run
    from the earliest report to the last year whose deadline has passed.
    """
    if not columns_of(con, "reports"):
        return None
    month, day = DEADLINE_MONTH_DAY
    last_due_year = today.year - 1 if (today.month, today.day) >= (month, day) else today.year - 2
    span = con.execute(
        "select min(report_year), max(report_year) from marts.reports where district_code is not null"
    ).fetchone()
    if span[0] is None:
        return {"years": [], "districts": []}
    years = list(range(span[0], max(span[1], last_due_year) + 1))

    watched = "select district_code from marts.reports where district_code is not null"
    if "district_code" in columns_of(con, "harvest_health"):
        watched += " union select district_code from marts.harvest_health where district_code is not null"
    names = "select district_code, district_name, province_name from marts.reports where district_name is not null"
    if {"district_code", "name", "province_name"} <= columns_of(con, "districts", schema="seeds"):
        names += " union all select district_code, name, province_name from seeds.districts"
    districts = rows(
        con,
        f"""with watched as ({watched}),
                names as (select district_code, any_value(district_name) as district_name,
                                 any_value(province_name) as province_name
                          from ({names}) group by district_code)
            select watched.district_code, names.district_name, names.province_name
            from watched left join names using (district_code)
            order by names.province_name, watched.district_code""",
    )
    cells = rows(
        con,
        f"""select district_code, report_year, count(*) as reports, min(published_on) as first_published_on,
                   case
                       when min(published_on) is null then 'undated'
                       when min(published_on) < make_date(report_year + 1, {month}, {day}) then 'on_time'
                       else 'late'
                   end as status
            from marts.reports
            where district_code is not null and report_year is not null
            group by district_code, report_year""",
    )
    by_district: dict[str, dict[str, Any]] = {}
    for cell in cells:
        by_district.setdefault(cell.pop("district_code"), {})[str(cell["report_year"])] = cell
    for district in districts:
        district["cells"] = by_district.get(district["district_code"], {})
    return {"years": years, "districts": districts, "deadline": f"{month:02d}-{day:02d}"}


def indicator_trends(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Per district and indicator, the value by year: the sum over the district's reports (the
    mean for percentages), leaving out 其中 breakdowns, which are already inside a total."""
    available = columns_of(con, "indicator_values")
    if not INDICATOR_COLUMNS <= available:
        return None
    has_unit = "unit" in available
    aggregate = "case when any_value(unit) = '%' then avg(value) else sum(value) end" if has_unit else "sum(value)"
    name = "any_value(indicator_name_zh)" if "indicator_name_zh" in available else "null"
    breakdowns = "and not coalesce(is_breakdown, false)" if "is_breakdown" in available else ""
    values = rows(
        con,
        f"""select district_code, indicator_code, report_year, {aggregate} as value,
                   {"any_value(unit)" if has_unit else "null"} as unit, {name} as indicator_name
            from marts.indicator_values
            where district_code is not null and report_year is not null and value is not null {breakdowns}
            group by district_code, indicator_code, report_year
            order by district_code, indicator_code, report_year""",
    )
    names = {}
    if {"district_code", "district_name"} <= columns_of(con, "reports"):
        names = dict(con.execute(
            "select district_code, any_value(district_name) from marts.reports group by district_code"
        ).fetchall())
    series: dict[str, dict[str, Any]] = {}
    for v in values:
        district = series.setdefault(v["district_code"], {"name": names.get(v["district_code"]), "indicators": {}})
        indicator = district["indicators"].setdefault(
            v["indicator_code"], {"name": v["indicator_name"], "unit": v["unit"], "points": []}
        )
        indicator["points"].append([v["report_year"], float(v["value"])])
    return {"districts": series}


def most_cited_laws(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]] | None:
    """The laws cited by the most reports (or the most often, without a report id)."""
    available = columns_of(con, "text_facts")
    name_column = next((c for c in LAW_NAME_COLUMNS if c in available), None)
    if "fact_type" not in available or name_column is None:
        return None
    counted = "count(distinct report_id)" if "report_id" in available else "count(*)"
    return rows(
        con,
        f"""select "{name_column}" as law, {counted} as citations
            from marts.text_facts where fact_type = ? and "{name_column}" is not null
            group by 1 order by citations desc, law limit {TOP_LAWS}""",
        [LAW_FACT_TYPE],
    )
