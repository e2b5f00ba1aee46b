"""`govreports`: the nightly job by hand, and a window on the warehouse.

    govreports run --demo        the whole night once against the bundled demo sites
    govreports status            last runs, per-source outcome, row counts
    govreports sql "select …"    a query against the published snapshot
    govreports export            Parquet / CSV exports of every mart
    govreports docs              the data catalogue (dbt docs) on localhost

Errors a user can cause end in one line naming the thing and what to do (exit code 2).
"""

from __future__ import annotations

import csv
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.table import Column, Table

from warehouse import nightly
from warehouse.config import Paths, paths

app = typer.Typer(
    help="govreports: harvest Chinese government annual reports into a DuckDB warehouse.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="The sources registry.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
demo_app = typer.Typer(help="The bundled demo government sites.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Data directory (default $GOVREPORTS_HOME or ./var)."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary (for cron).")]
SourceOption = Annotated[list[str] | None, typer.Option("--source", "-s", help="Only these source ids.")]
FullWalkOption = Annotated[
    bool, typer.Option("--full", help="Walk every list page and re-check every known article (edits, deletions).")
]
SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources registry YAML (default $GOVREPORTS_SOURCES or the demo registry)."),
]



def folding_table(*headers: str, **options) -> Table:
    """A table whose cells wrap instead of being cut with "…": ids and errors must stay whole."""
    return Table(*(Column(header, overflow="fold") for header in headers), **options)

class UserError(Exception):
    """A problem the user can fix; shown as one line."""


def fail(message: str) -> None:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can cause into one clear line instead of a traceback."""
    from scrapers.registry import RegistryError

    try:
        yield
    except (UserError, RegistryError, nightly.UnknownSources, FileNotFoundError, OSError) as exc:
        fail(str(exc))
    except duckdb.IOException as exc:
        fail(f"the warehouse is busy or unreadable: {exc}")


def show_progress(quiet: bool) -> None:
    """Echo the job's progress lines (logger 'govreports') on the terminal."""
    logger = logging.getLogger("govreports")
    logger.handlers.clear()
    logger.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    # Quiet (cron): errors only; the summary goes to stdout either way.
    logger.setLevel(logging.ERROR if quiet else logging.INFO)


@contextmanager
def sources_registry(registry: Path | None) -> Iterator[None]:
    """Use this registry for the length of a command (children such as Airflow inherit it)."""
    if registry is None:
        yield
        return
    if not registry.exists():
        raise UserError(f"{registry}: no such sources registry")
    previous = os.environ.get("GOVREPORTS_SOURCES")
    os.environ["GOVREPORTS_SOURCES"] = str(registry.resolve())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("GOVREPORTS_SOURCES", None)
        else:
            os.environ["GOVREPORTS_SOURCES"] = previous


@contextmanager
def demo_sites_running(home: Paths, enabled: bool) -> Iterator[None]:
    """Serve the bundled demo sites and point the registry at them, for the length of a run."""
    if not enabled:
        yield
        return
    from demo_sites.server import DemoSites, DemoSitesError

    port_base = int(os.environ.get("GOVREPORTS_DEMO_PORT_BASE", "18800"))
    try:
        sites = DemoSites().start(port_base=port_base)
    except DemoSitesError as exc:
        raise UserError(str(exc)) from exc
    try:
        registry = home.home / "demo-sources.yml"
        home.home.mkdir(parents=True, exist_ok=True)
        sites.write_registry(registry)
        with sources_registry(registry):
            yield
    finally:
        sites.stop()


def run_through_airflow(home: Paths, quiet: bool, conf: dict | None = None) -> str:
    """Both DAGs via dag.test() in a child process (`conf`: harvest_reports' params); returns
    the harvest run id."""
    from warehouse.local_airflow import RESULT_MARK, airflow_environment

    log_dir = home.home / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"airflow-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.log"
    if not quiet:
        errors.print(f"running the DAGs with Airflow (dag.test); full log: {log_path}")
    results: dict = {}
    with open(log_path, "w", encoding="utf-8") as log_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "warehouse.local_airflow", "--conf", json.dumps(conf or {}),
             "harvest_reports", "build_warehouse"],
            env=airflow_environment(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert child.stdout is not None
        for line in child.stdout:
            log_file.write(line)
            if line.startswith(RESULT_MARK):
                results = json.loads(line[len(RESULT_MARK):])
            elif "govreports: " in line and not quiet:
                errors.print(line.split("govreports: ", 1)[1].split(" [govreports]")[0].rstrip(),
                             highlight=False)
        child.wait()
    harvest = results.get("harvest_reports")
    if harvest is None:
        raise UserError(f"Airflow did not run the DAGs; see {log_path}")
    for dag_id in ("harvest_reports", "build_warehouse"):
        state = results.get(dag_id, {}).get("state", "not run")
        failed = results.get(dag_id, {}).get("failed_tasks")
        if failed == ["check_sources"]:
            errors.print(f"[yellow]DAG {dag_id}: {state}: sources need attention[/] (listed below)")
        elif state != "success":
            errors.print(f"[yellow]DAG {dag_id}: {state}[/]" + (f" ({', '.join(failed)})" if failed else "")
                         + f" (see {log_path})")
    return harvest["run_id"]


def print_summary(summary: nightly.NightSummary) -> None:
    for line in summary.lines():
        console.print(line, highlight=False)


@app.command()
def run(
    demo: Annotated[bool, typer.Option("--demo", help="Serve the bundled demo sites and harvest them.")] = False,
    airflow: Annotated[
        bool,
        typer.Option("--airflow/--no-airflow", help="Via the DAGs with dag.test() (default), or the steps directly."),
    ] = True,
    source: SourceOption = None,
    full: FullWalkOption = False,
    sources: SourcesOption = None,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """The whole nightly job once: harvest → load → dbt build → publish, then a summary."""
    where = paths(home)
    show_progress(quiet)
    with user_errors(), sources_registry(sources), demo_sites_running(where, demo):
        if airflow:
            if source:
                nightly.check_source_ids(source)   # before Airflow starts, as one clear line
            run_id = run_through_airflow(where, quiet, {"full_walk": full, "only_sources": source or []})
            summary = nightly.summarize(run_id, where)
        else:
            summary = nightly.run_night(where, only=source, full_walk=full)
    print_summary(summary)
    if not summary.build_ok:
        raise typer.Exit(1)


@app.command()
def harvest(
    source: SourceOption = None,
    demo: Annotated[bool, typer.Option("--demo", help="Serve the bundled demo sites.")] = False,
    full: FullWalkOption = False,
    sources: SourcesOption = None,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """Harvest the sources and load what was fetched into raw.* (no dbt build)."""
    where = paths(home)
    show_progress(quiet)
    with user_errors(), sources_registry(sources), demo_sites_running(where, demo):
        run_id = nightly.manual_run_id()
        for entry in nightly.plan_harvest(run_id, where, only=source):
            nightly.harvest_batch(entry, run_id, where, full_walk=full)
        nightly.load(where)
        summary = nightly.summarize(run_id, where)
    print_summary(summary)


@app.command()
def build(
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Rebuild incremental models from scratch (after a rule change).")
    ] = False,
    select: Annotated[
        list[str] | None,
        # no -s: elsewhere in this CLI -s is --source
        typer.Option("--select", help="Only these dbt nodes, dbt's syntax (int_reports_identified+).")
    ] = None,
    unit_tests: Annotated[
        bool, typer.Option("--unit-tests", help="Run dbt's unit tests too (after changing a model's rules).")
    ] = False,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """Run dbt build over the warehouse, then publish the snapshot."""
    where = paths(home)
    show_progress(quiet)
    with user_errors():
        try:
            record = nightly.build(where, select=select, full_refresh=full_refresh, unit_tests=unit_tests)
        except nightly.BuildFailed as exc:
            fail(f"dbt build failed, the previous snapshot stays published: {exc}")
        published = nightly.publish(where)
    console.print(
        f"models built {record['models_built']}, tests passed {record['tests_passed']}; "
        f"snapshot {published['snapshot']}",
        highlight=False,
    )


@app.command("import")
def import_(
    paths_to_import: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Files or folders to import.")],
    build_after: Annotated[
        bool, typer.Option("--build/--no-build", help="Run dbt build and publish after loading (default).")
    ] = True,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """Import report files you already have (.html .htm .txt .pdf .docx .doc .wps .ofd; <file>.meta.json hints)."""
    from warehouse.importer import ImportPathError, describe_imported, import_files

    where = paths(home)
    show_progress(quiet)
    with user_errors():
        try:
            # one line per file as it is read; file names are not rich markup
            result = import_files(paths_to_import, where, progress=None if quiet else (
                lambda line: errors.print(line, highlight=False, markup=False)))
        except ImportPathError as exc:
            raise UserError(str(exc)) from exc
        console.print(
            f"files {len(result.files)}: {result.count('new')} new, {result.count('changed')} changed, "
            f"{result.count('unchanged')} unchanged, {result.count('skipped')} skipped",
            highlight=False,
        )
        if result.landing_file is None:
            console.print("nothing new to load", highlight=False)
        else:
            nightly.load(where)
        if build_after and result.landing_file is not None:
            try:
                nightly.build(where)
            except nightly.BuildFailed as exc:
                fail(f"dbt build failed, the previous snapshot stays published: {exc}")
            nightly.publish(where)
        for line in describe_imported(where, result):
            console.print(line, highlight=False, markup=False)


@app.command()
def status(
    home: HomeOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with status 3 when a source needs attention (for cron, monitoring).")
    ] = False,
    nights: Annotated[
        int | None,
        typer.Option(min=1, help="Broken or suspect harvests in a row before a source needs attention "
                                 "(default $GOVREPORTS_ALERT_AFTER_NIGHTS or 3)."),
    ] = None,
) -> None:
    """Last runs, the latest outcome of every source, row counts, sources that need attention."""
    from warehouse.health import sources_needing_attention
    from warehouse.status import read_status

    with user_errors():
        state = read_status(paths(home))
        alerts = sources_needing_attention(paths(home), nights)
    console.print(f"[dim]read from {state.read_from}[/]")
    runs = folding_table("run", "started (UTC)", "sources", "ok", "partial", "failed", "pages", "new docs",
                         title="Last runs")
    for r in state.runs:
        runs.add_row(r["run_id"], str(r["started_at"])[:19], *(str(r[k]) for k in
                     ("sources", "ok", "partial", "failed", "pages", "documents_new")))
    console.print(runs)
    # Compact columns that fit a terminal; the full errors follow as plain lines.
    sources = Table("source", "health", "walk", "pages", "304", "new", "chg", "gone", "items", "kB",
                    title="Sources (latest run of each); items = seen/declared", title_justify="left")
    for column in sources.columns[:2]:
        column.no_wrap = True
    problems: list[str] = []
    for s in state.sources:
        colour = {"ok": "green", "suspect": "yellow"}.get(s["health"], "red")
        walk = ("full" if s.get("full_walk") else "new") + (" ✓" if s.get("walk_complete") else "")
        declared = s["items_declared"] if s["items_declared"] is not None else "?"
        sources.add_row(s["source_id"], f"[{colour}]{s['health']}[/]", walk,
                        str(s["pages_requested"]), str(s["not_modified"]), str(s["documents_new"]),
                        str(s["documents_changed"]), str(s.get("documents_vanished") or 0),
                        f"{s['items_seen']}/{declared}", str(round(s["bytes_fetched"] / 1024)))
        if s["error_class"] or s["error_counts"]:
            by_class = ", ".join(f"{name} ×{count}" for name, count in sorted(s["error_counts"].items()))
            problems.append(
                f"{s['source_id']} ({s['health']}, run at {str(s['started_at'])[:19]} UTC): "
                f"{s['error_class'] or 'errors'}: {s['error_message'] or ''}"
                + (f" (errors by class: {by_class})" if by_class else "")   # not [...]: rich markup
            )
    console.print(sources)
    for line in problems:
        console.print(f"[red]•[/] {line}", highlight=False)
    counts = folding_table("table", "rows", title="Row counts")
    for name, count in state.row_counts:
        counts.add_row(name, str(count))
    console.print(counts)
    if state.last_build:
        b = state.last_build
        console.print(
            f"last dbt build: {'ok' if b.get('success') else 'FAILED'} at {b.get('finished_at', '?')[:19]}, "
            f"{b.get('models_built')} models, {b.get('tests_passed')} tests passed, "
            f"{b.get('tests_failed')} failed",
            highlight=False,
        )
    for alert in alerts:
        console.print(f"[bold red]attention:[/] {alert.line()}", highlight=False)
    if check and alerts:
        raise typer.Exit(3)


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="The query; none for an interactive shell.")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")] = False,
    home: HomeOption = None,
) -> None:
    """Query the published read-only snapshot (safe while a build is running)."""
    from warehouse.publish import open_snapshot

    with user_errors():
        con = open_snapshot(paths(home))
    with con:
        if query is not None:
            run_query(con, query, as_csv, as_json)
            return
        sql_shell(con, as_csv, as_json)


TABLES_QUERY = ("select table_schema || '.' || table_name as table_name, table_type "
                "from information_schema.tables order by all")


def sql_shell(con: duckdb.DuckDBPyConnection, as_csv: bool, as_json: bool) -> None:
    """Statements may span lines and run at the `;`; `.tables` lists the tables, Ctrl-D ends."""
    try:
        import readline  # noqa: F401 - line editing and history for input(), where available
    except ImportError:
        pass
    console.print("govreports sql — the published snapshot, read-only. End statements with ; "
                  "· .tables lists the tables · Ctrl-D ends.")
    pending: list[str] = []
    while True:
        try:
            line = input("   ...> " if pending else "sql> ")
        except EOFError:
            break
        command = line.strip()
        if not pending:  # dot commands and blank lines only between statements
            if command in (".quit", ".exit"):
                break
            if command == ".tables":
                run_query(con, TABLES_QUERY, as_csv, as_json, exit_on_error=False)
                continue
            if not command:
                continue
        pending.append(line)
        if command.endswith(";"):
            run_query(con, "\n".join(pending), as_csv, as_json, exit_on_error=False)
            pending = []
    if pending and "".join(pending).strip():
        run_query(con, "\n".join(pending), as_csv, as_json, exit_on_error=False)


def run_query(con: duckdb.DuckDBPyConnection, query: str, as_csv: bool, as_json: bool,
              exit_on_error: bool = True) -> None:
    try:
        cursor = con.execute(query)
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0]
        if exit_on_error:
            fail(f"query failed: {first_line}")
        errors.print(f"[red]query failed:[/] {first_line}", highlight=False)
        return
    if cursor.description is None:
        return
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif as_json:
        for row in rows:
            print(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str))
    else:
        table = folding_table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        console.print(f"[dim]{len(rows)} row(s)[/]")


@app.command()
def export(
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="parquet or csv; repeat for both (the default)."),
    ] = None,
    to: Annotated[Path | None, typer.Option("--to", help="Exports folder (default $GOVREPORTS_HOME/exports).")] = None,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """Export every mart of the published snapshot: Parquet by year, CSV for Excel, a manifest.

    Written to <folder>/<timestamp>/ and swapped in as <folder>/current, as after each build.
    """
    from warehouse.export import FORMATS, export_marts

    where = paths(home)
    show_progress(quiet)
    chosen = formats or list(FORMATS)
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown:
        fail(f"--format {', '.join(unknown)}: unknown export format (one of {', '.join(FORMATS)})")
    with user_errors():
        result = export_marts(where.snapshot, to or where.exports, chosen,
                              build_record=where.state / "last_build.json", progress=nightly.say)
    marts = result.manifest["marts"]
    console.print(f"exported {len(marts)} mart(s), {sum(m['rows'] for m in marts.values())} row(s) "
                  f"to {result.folder}; current: {result.current}", highlight=False)


@app.command()
def docs(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 8580,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve after generating.")] = True,
    regenerate: Annotated[bool, typer.Option("--regenerate", help="Even when the docs are up to date.")] = False,
    home: HomeOption = None,
    quiet: QuietOption = False,
) -> None:
    """The data catalogue: dbt docs of the published snapshot, served on localhost."""
    from warehouse.docs_site import DocsError, docs_server, generate_docs, is_stale

    where = paths(home)
    with user_errors():
        if regenerate or is_stale(where):
            if not quiet:
                errors.print("generating the dbt docs from the published snapshot …")
            try:
                generate_docs(where)
            except DocsError as exc:
                fail(str(exc))
    page = where.docs / "index.html"
    if not serve:
        console.print(f"docs {page}", highlight=False)
        return
    try:
        server = docs_server(where.docs, port)
    except OSError as exc:
        fail(f"port {port} on 127.0.0.1: {exc.strerror or exc}; choose another with --port")
    console.print(f"serving the data catalogue at http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)",
                  highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@sources_app.command("list")
def sources_list(registry: Annotated[Path | None, typer.Option(help="Registry YAML.")] = None) -> None:
    """The sources in the registry."""
    from scrapers.registry import load_registry

    with user_errors():
        loaded = load_registry(registry or nightly.registry_path())
    table = folding_table("id", "name", "platform", "district", "enabled", "verified")
    for s in loaded.sources:
        table.add_row(s.id, s.name, s.platform, s.district_code or "", str(s.enabled), str(s.verified))
    console.print(table)
    for problem in loaded.problems:
        errors.print(f"[red]bad entry:[/] {problem}", highlight=False)


@sources_app.command("check")
def sources_check(registry: Annotated[Path | None, typer.Option(help="Registry YAML.")] = None) -> None:
    """Validate the registry: one line per bad entry; exit 1 if any."""
    from scrapers.registry import load_registry

    with user_errors():
        loaded = load_registry(registry or nightly.registry_path())
    for problem in loaded.problems:
        errors.print(problem, highlight=False)
    console.print(f"{len(loaded.sources)} valid entr{'y' if len(loaded.sources) == 1 else 'ies'}, "
                  f"{len(loaded.problems)} problem(s)")
    if loaded.problems:
        raise typer.Exit(1)


@sources_app.command("detect")
def sources_detect(
    url: Annotated[str, typer.Argument(help="A column (list) page of the site.")],
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow loopback/private addresses (local test sites).")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Guess the platform of a column page by fetching it politely; print a registry entry."""
    from scrapers.detect import detect_url

    with user_errors():
        detection = detect_url(url, paths(home).raw, allow_private=allow_private)
    for line in detection.report_lines():
        console.print(line, highlight=False, markup=False)
    if detection.platform is None:
        raise typer.Exit(1)


@demo_app.command("serve")
def demo_serve(
    port_base: Annotated[int, typer.Option(help="Site n listens on port_base + n.")] = 18800,
) -> None:
    """Serve the bundled demo government sites until Ctrl-C."""
    import time

    from demo_sites.server import DemoSites, DemoSitesError

    try:
        sites = DemoSites().start(port_base=port_base)
    except DemoSitesError as exc:
        fail(str(exc))
    for key, port in sites.ports.items():
        console.print(f"{key:10} http://127.0.0.1:{port}/")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sites.stop()


if __name__ == "__main__":
    app()
