"""Run the dbt project over the warehouse file: one `dbt build`, in this process.

dbt reads the raw layer the loader filled and writes staging / intermediate / marts into the
same DuckDB file, so it must run alone (one writer at a time) and as one process with threads
inside it — never one process per model. The result is a plain dataclass the CLI, the nightly
job and the Airflow task report from; a failed build comes back as `success=False` with one
line per failed node, never as a traceback.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
WAREHOUSE_ENV = "GOVREPORTS_WAREHOUSE"

# What a night's build leaves out (see run_dbt_build); the benchmark builds with the same flags.
NIGHTLY_EXCLUDES = ["--exclude-resource-type", "unit_test"]

# dbt keeps global state (flags, adapters, event manager): one invocation at a time per process.
_DBT_LOCK = threading.Lock()


@dataclass
class DbtBuildResult:
    success: bool
    models_built: int = 0
    seeds_loaded: int = 0
    tests_passed: int = 0            # data tests
    tests_failed: int = 0            # data tests and unit tests that failed or errored
    tests_warned: int = 0            # data tests with severity warn that found rows
    unit_tests_passed: int = 0
    seeds_unchanged: bool = False    # seed files as last loaded: not reloaded, their tests left out
    nodes_skipped: int = 0           # not run because something upstream failed
    errors: list[str] = field(default_factory=list)    # one line per failed node
    warnings: list[str] = field(default_factory=list)  # source freshness, warned tests
    elapsed_seconds: float = 0.0


def run_dbt_build(
    warehouse_path: Path,
    *,
    home: Path,
    progress: Callable[[str], None] | None = None,
    select: list[str] | None = None,
    full_refresh: bool = False,
    unit_tests: bool = False,
) -> DbtBuildResult:
    """`dbt source freshness` (warnings only), then one `dbt build` over `warehouse_path`.

    dbt's target/ and logs/ go under `home/dbt/`. `progress` is called once per finished node
    with "<resource type> <name> <status>" (e.g. "model reports success"). `select` limits the
    build to some nodes (dbt's --select syntax); the nightly job builds everything.
    `full_refresh` rebuilds incremental models from scratch (after a change of their rules).
    `unit_tests` runs dbt's unit tests too. A night leaves them out, as dbt advises for
    production: their inputs are fixed rows, not the night's data, so they can only fail after a
    code change, which the test suite and `govreports build --unit-tests` check; at national
    scale they were a quarter of an incremental build's time.
    A build of the whole project leaves the seeds out when their files are those the last
    successful build loaded (warehouse.seed_state).
    """
    started = time.monotonic()
    warehouse_path = Path(warehouse_path).resolve()
    home = Path(home).resolve()
    result = DbtBuildResult(success=False)

    def say(line: str) -> None:
        if progress is not None:
            try:
                progress(line)
            except Exception:  # noqa: BLE001 - a broken progress printer must not fail the build
                pass

    try:
        seeds_current = _prepare_warehouse(warehouse_path)
    except Exception as exc:  # noqa: BLE001 - reported as one line, see module docstring
        result.errors.append(
            f"warehouse {warehouse_path}: cannot open it to prepare the raw schema ({_one_line(exc)}); "
            "is another process (loader, dbt, a BI tool) holding it open for writing?"
        )
        result.elapsed_seconds = round(time.monotonic() - started, 2)
        return result

    common_args = [
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(home / "dbt" / "target"),
        "--log-path", str(home / "dbt" / "logs"),
        # The console is ours (progress); dbt's full log goes to home/dbt/logs/dbt.log.
        "--log-level", "none",
        "--log-level-file", "info",
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
    ]

    from warehouse.seed_state import SKIP_SEED_FLAGS  # here: seed_state imports this module

    # only a build of the whole project, not a full refresh, may leave unchanged seeds out
    result.seeds_unchanged = not select and not full_refresh and seeds_current
    with _DBT_LOCK, _environment({WAREHOUSE_ENV: str(warehouse_path)}):
        try:
            result.warnings.extend(_check_freshness(common_args, say))
            _build([*common_args, *(["--select", *select] if select else []),
                    *(["--full-refresh"] if full_refresh else []),
                    *([] if unit_tests else NIGHTLY_EXCLUDES),
                    *(SKIP_SEED_FLAGS if result.seeds_unchanged else [])], result, say)
        except Exception as exc:  # noqa: BLE001 - dbt itself crashed: still one line, no traceback
            result.success = False
            result.errors.append(f"dbt build: {_one_line(exc)}")
        finally:
            _release_warehouse()
    if result.success and not select and not result.seeds_unchanged:
        _record_seeds_loaded(warehouse_path, result)

    result.elapsed_seconds = round(time.monotonic() - started, 2)
    return result


def _prepare_warehouse(warehouse_path: Path) -> bool:
    """dbt's sources are the raw tables: create them on a warehouse never loaded yet. True when
    the warehouse holds the seeds as they are in the project (warehouse.seed_state)."""
    import duckdb

    from warehouse.raw_schema import ensure_raw_schema
    from warehouse.seed_state import seeds_are_current

    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse_path))
    try:
        ensure_raw_schema(con)
        return seeds_are_current(con)
    finally:
        con.close()


def _record_seeds_loaded(warehouse_path: Path, result: DbtBuildResult) -> None:
    """The build loaded every seed: the next one may leave them out while the files stay the same.
    Failing to record costs the next build a reload, never this one its result."""
    import duckdb

    from warehouse.seed_state import record_seeds_loaded

    try:
        con = duckdb.connect(str(warehouse_path))
        try:
            record_seeds_loaded(con)
        finally:
            con.close()
    except Exception as exc:  # noqa: BLE001
        result.warnings.append(f"seeds: could not record the seed files loaded ({_one_line(exc)})")


def _release_warehouse() -> None:
    """Close the DuckDB file dbt opened.

    dbt-duckdb keeps its database instance open in the process after a run; the next step in
    the same process (publishing a read-only snapshot, the next night's load) could then not
    open the file with other settings, and a copy would miss the last checkpoint.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
        from dbt.adapters.factory import reset_adapters

        reset_adapters()
        with DuckDBConnectionManager._LOCK:
            environment = DuckDBConnectionManager._ENV
            DuckDBConnectionManager._ENV = None
        if environment is not None:
            environment.close()
    except Exception:  # noqa: BLE001 - best effort: the build result is already known
        pass


def _check_freshness(common_args: list[str], say: Callable[[str], None]) -> list[str]:
    """Stale or empty raw tables are worth a warning; they never stop the build."""
    from dbt.cli.main import dbtRunner

    try:
        outcome = dbtRunner().invoke(["source", "freshness", *common_args])
    except Exception as exc:  # noqa: BLE001
        return [f"source freshness: could not be checked ({_one_line(exc)})"]
    if outcome.exception is not None:
        return [f"source freshness: could not be checked ({_one_line(outcome.exception)})"]

    warnings = []
    for source_result in getattr(outcome.result, "results", None) or []:
        # dbt runs the project's hooks with the freshness check too: sources only
        if str(source_result.node.resource_type) != "source":
            continue
        status = _status(source_result)
        if status == "pass":
            continue
        name = f"{source_result.node.source_name}.{source_result.node.name}"
        max_loaded_at = getattr(source_result, "max_loaded_at", None)
        # dbt reports an empty table as loaded at datetime.min
        if max_loaded_at is None or max_loaded_at.year < 2000:
            line = f"source {name}: freshness {status} (no rows loaded yet)"
        else:
            age_hours = getattr(source_result, "age", 0) / 3600
            line = (
                f"source {name}: freshness {status} "
                f"(last load {max_loaded_at:%Y-%m-%d %H:%M} UTC, {age_hours:.0f} h ago)"
            )
        warnings.append(line)
        say(line)
    return warnings


def _build(common_args: list[str], result: DbtBuildResult, say: Callable[[str], None]) -> None:
    from dbt.cli.main import dbtRunner

    def on_event(event: Any) -> None:
        if event.info.name != "NodeFinished":
            return
        node = event.data.node_info
        say(f"{node.resource_type} {node.node_name} {node.node_status}")

    outcome = dbtRunner(callbacks=[on_event]).invoke(["build", *common_args])
    node_results = getattr(outcome.result, "results", None) or []
    for node_result in node_results:
        _count(node_result, result)

    result.success = bool(outcome.success) and outcome.exception is None
    if outcome.exception is not None:
        # Parsing or compilation of the whole project failed: no node ran.
        result.errors.append(f"dbt build: {_one_line(outcome.exception)}")
    elif not result.success and not result.errors:
        result.errors.append("dbt build failed without naming a node; see dbt/logs/dbt.log")


def _count(node_result: Any, result: DbtBuildResult) -> None:
    node = node_result.node
    kind = str(getattr(node.resource_type, "value", node.resource_type))
    status = _status(node_result)
    where = f"{kind} {node.name}"

    if status == "skipped":
        result.nodes_skipped += 1
    elif kind == "model" and status == "success":
        result.models_built += 1
    elif kind == "seed" and status == "success":
        result.seeds_loaded += 1
    elif kind == "test" and status == "pass":
        result.tests_passed += 1
    elif kind == "test" and status == "warn":
        result.tests_warned += 1
        result.warnings.append(f"{where}: {_message(node_result)}")
    elif kind == "unit_test" and status == "pass":
        result.unit_tests_passed += 1
    elif status in ("fail", "error", "runtime error"):
        if kind in ("test", "unit_test"):
            result.tests_failed += 1
        result.errors.append(f"{where}: {_message(node_result)}")


def _status(node_result: Any) -> str:
    status = node_result.status
    return str(getattr(status, "value", status)).lower()


def _message(node_result: Any) -> str:
    message = node_result.message
    if not message and node_result.failures:
        message = f"{node_result.failures} failing row(s)"
    return _one_line(message or _status(node_result))


def _one_line(error: object, limit: int = 400) -> str:
    """dbt's messages span lines ("Runtime Error in model x (path)", the error, "compiled code
    at …"); keep the lines that say what went wrong."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    useful = [
        line
        for line in lines
        if not line.startswith(("Runtime Error in ", "Compilation Error in ", "compiled code at"))
        and not set(line) <= {"^", " ", "-"}
    ]
    text = " ".join(useful or lines) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
