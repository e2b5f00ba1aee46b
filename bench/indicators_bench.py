"""Indicator benchmark (not a test: it prints figures, it passes or fails nothing).

    .venv/bin/python bench/indicators_bench.py [--reports 100000] [--new-reports 1000]
    make bench-indicators

1. generate   --reports synthetic reports (warehouse/synthetic.py) into a fresh warehouse file,
              written straight into raw.* (no HTTP).
2. full       one `dbt build` of the whole project as the nightly job runs it (every model and
              data test; dbt's unit tests are left out, as every night) in a child process:
              wall time, peak memory (RSS of the dbt process tree, sampled every 0.2 s), and from
              run_results.json the time of each node — the indicator and text-fact nodes
              (models/*/indicators/, their tests) summed apart.
2b. alone     the indicator models and their tests only (`--select` this issue's nodes,
              --full-refresh) with DuckDB's memory capped at 6GB (GOVREPORTS_DUCKDB_MEMORY_LIMIT):
              what this part costs by itself, and that it fits in memory when capped.
3. incremental --new-reports more synthetic reports, then `dbt build` again: the same figures.
              Then the night once a week that merges DuckDB's row groups (the last merge set back
              a week), with --new-reports more: its wall time.
4. baseline   figure extraction over the cleaned text of every report, side by side:
              the set-based SQL of int_figures_extracted (compiled by the full build, run again
              here in this process on a fresh DuckDB connection) against a straightforward
              per-report Python loop (re + cn2an, one report at a time, one core) using the same
              patterns (read from dbt_project/macros/figures.sql). Prints both times, the number
              of figures each found and the ratio.
5. targets    the issue's targets (100,000 reports: full build < 180 s, i.e. >= 550 reports/s, peak
              RSS < 8 GB; incremental after 1,000 new reports < 20 s) against what was measured, with
              the load average of the (shared) machine and the exact command.

Run it as the nightly job should run at this scale, DuckDB capped:
    GOVREPORTS_DUCKDB_MEMORY_LIMIT=6GB .venv/bin/python bench/indicators_bench.py

Results go to <workdir>/results.json as well. The warehouse file stays in --workdir
(default var/bench-indicators) for a look afterwards; --reuse runs steps 2b–4 on it again
(after a full build there), without generating and building from scratch.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse.dbt_runner import NIGHTLY_EXCLUDES  # noqa: E402
from warehouse.seed_state import SKIP_SEED_FLAGS, record_seeds_loaded, seeds_are_current  # noqa: E402
from warehouse.synthetic import generate  # noqa: E402
from warehouse.udfs.figures import chinese_numeral_value  # noqa: E402
from warehouse.udfs.plugin import register  # noqa: E402

DBT_PROJECT = ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"
MACROS = DBT_PROJECT / "macros" / "figures.sql"


# ---------------------------------------------------------------------------- dbt, measured

INDICATOR_SELECTION = [
    "--select", "path:models/intermediate/indicators", "path:models/marts/indicators", "path:tests/indicators",
    "indicator_catalogue", "law_aliases", "--full-refresh",
]


def dbt_build(warehouse: Path, workdir: Path, extra: list[str] | None = None, env_extra: dict | None = None) -> dict:
    """One `dbt build` in a child process, with the flags the nightly job builds with (dbt's log
    file at info, no unit tests, the seeds left out when unchanged: warehouse.dbt_runner); wall
    time, peak RSS of its process tree, node times."""
    target = workdir / "target"
    whole_project = not extra
    with duckdb.connect(str(warehouse)) as con:
        seeds_unchanged = whole_project and seeds_are_current(con)
    command = [
        str(DBT), "build", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
        "--target-path", str(target), "--log-path", str(workdir / "logs"), "--log-level-file", "info",
        "--no-send-anonymous-usage-stats", "--quiet", *NIGHTLY_EXCLUDES, *(extra or []),
        *(SKIP_SEED_FLAGS if seeds_unchanged else []),
    ]
    env = {**os.environ, "GOVREPORTS_WAREHOUSE": str(warehouse), **(env_extra or {})}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples = _watch_rss(process)
    peak = max((rss for _, rss in samples), default=0)
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    run_results = json.loads((target / "run_results.json").read_text())
    nodes = [
        {
            "node": result["unique_id"],
            "status": result["status"],
            "seconds": round(result["execution_time"], 3),
            "indicators": _is_indicator_node(result["unique_id"], target),
            # the most memory the dbt process held while this node ran (threads overlap: indicative)
            "peak_rss_gb": round(_peak_during(result, samples) / 2**30, 2),
        }
        for result in run_results["results"]
    ]
    failed = [n["node"] for n in nodes if n["status"] in ("error", "fail")]
    if whole_project and not seeds_unchanged and process.returncode == 0:
        with duckdb.connect(str(warehouse)) as con:
            record_seeds_loaded(con)
    return {
        "wall_seconds": round(wall, 1),
        "seeds_unchanged": seeds_unchanged,
        "peak_rss_gb": round(peak / 2**30, 2),
        "exit_code": process.returncode,
        "failed_nodes": failed,
        "node_seconds_total": round(sum(n["seconds"] for n in nodes), 1),
        "indicator_node_seconds": round(sum(n["seconds"] for n in nodes if n["indicators"]), 1),
        "indicator_model_seconds": round(
            sum(n["seconds"] for n in nodes if n["indicators"] and n["node"].startswith("model.")), 1),
        "indicator_models": {n["node"].split(".")[-1]: n["seconds"] for n in nodes
                             if n["indicators"] and n["node"].startswith("model.")},
        "slowest_nodes": sorted(nodes, key=lambda n: -n["seconds"])[:12],
        "most_memory_nodes": sorted(nodes, key=lambda n: -n["peak_rss_gb"])[:8],
        "indicator_peak_rss_gb": max((n["peak_rss_gb"] for n in nodes if n["indicators"]), default=0),
        "dbt_output_tail": output.strip().splitlines()[-5:],
        "load_after": _load(),   # the machine is shared: how busy it was while this build ran
    }


def _watch_rss(process: subprocess.Popen) -> list[tuple[float, int]]:
    """(unix time, RSS of the process tree) every 0.2 s until the process ends."""
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        try:
            parent = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                samples.append((time.time(), sum(p.memory_info().rss for p in tree)))
            except psutil.NoSuchProcess:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return samples


def _peak_during(result: dict, samples: list[tuple[float, int]]) -> int:
    from datetime import datetime

    execute = [t for t in result.get("timing", []) if t.get("name") == "execute" and t.get("started_at")]
    if not execute:
        return 0
    started, completed = (datetime.fromisoformat(execute[0][k].replace("Z", "+00:00")).timestamp()
                          for k in ("started_at", "completed_at"))
    return max((rss for at, rss in samples if started <= at <= completed), default=0)


_MANIFEST_CACHE: dict[Path, dict] = {}


def _is_indicator_node(unique_id: str, target: Path) -> bool:
    """Nodes of this issue: models under models/*/indicators/, the indicator seeds, their tests."""
    if target not in _MANIFEST_CACHE:
        _MANIFEST_CACHE[target] = json.loads((target / "manifest.json").read_text())
    manifest = _MANIFEST_CACHE[target]
    node = manifest["nodes"].get(unique_id) or manifest.get("unit_tests", {}).get(unique_id) or {}
    path = node.get("original_file_path", "")
    if "/indicators/" in path or path.endswith(("indicator_catalogue.csv", "law_aliases.csv")):
        return True
    depends = node.get("depends_on", {}).get("nodes", [])
    return node.get("resource_type") in ("test", "unit_test") and any(
        "/indicators/" in manifest["nodes"].get(d, {}).get("original_file_path", "") for d in depends
    )


# ---------------------------------------------------------------------------- the baseline

def _macro(name: str, text: str) -> str:
    body = re.search(r"{%\s*macro " + name + r"\(\)\s*-?%}\n(.*?)\n{%-?\s*endmacro\s*%}", text, re.S).group(1)
    return re.sub(r"{{\s*(\w+)\(\)\s*}}", lambda m: _macro(m.group(1), text), body).strip()


def python_patterns() -> dict[str, re.Pattern]:
    """The figure patterns of macros/figures.sql, compiled for Python's re (same syntax here)."""
    text = MACROS.read_text(encoding="utf-8")
    names = ["figure_pattern", "figure_parts_pattern", "figure_bound_prefix_pattern",
             "figure_slogan_pattern", "figure_unit_continuation_pattern"]
    return {name: re.compile(_macro(name, text)) for name in names}


SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*")
MULTIPLIER = {"": 1, "千": 1e3, "万": 1e4, "亿": 1e8, "千万": 1e7, "万亿": 1e12}
CHINESE_START = re.compile(r"^[零〇一二两三四五六七八九十百千]")
PLACEHOLDER = re.compile(r"^[*＊×]+$")


def extract_figures_python(text: str, patterns: dict[str, re.Pattern]) -> list[tuple]:
    """One report, the way a script would do it: sentence by sentence, match by match."""
    figures = []
    for sentence in SENTENCE.finditer(text):
        sentence_text = sentence.group(0)
        for match in patterns["figure_pattern"].finditer(sentence_text):
            phrase = match.group(0)
            before = sentence_text[: match.start()]
            after = sentence_text[match.end():]
            parts = patterns["figure_parts_pattern"].match(phrase)
            number, high, _, multiplier, _, unit, bound_after = parts.groups()
            if (before.count("《") > before.count("》") or before.count("〈") > before.count("〉")
                    or before.count("“") > before.count("”") or before.count('"') % 2 == 1
                    or before.rstrip().endswith("第")
                    or (number == "一" and not multiplier and not high)
                    or (CHINESE_START.match(phrase) and patterns["figure_slogan_pattern"].match(phrase + after[:4]))
                    or (patterns["figure_unit_continuation_pattern"].match(unit + after[:1]) and not bound_after)):
                continue
            if PLACEHOLDER.match(number):
                value = None
            elif CHINESE_START.match(number):
                value = chinese_numeral_value(number)
                if value is None:
                    continue
            else:
                value = float(number.replace(",", ""))
            if value is not None:
                value *= MULTIPLIER[multiplier]
            figures.append((sentence.start() + match.start(), phrase, value, unit))
    return figures


def _compiled_full_refresh(model: str, warehouse: Path, workdir: Path) -> str:
    """The model's SQL as a first build runs it (over every report, not only new ones)."""
    target = workdir / "compile-target"
    subprocess.run(
        [str(DBT), "compile", "--full-refresh", "--select", model, "--project-dir", str(DBT_PROJECT),
         "--profiles-dir", str(DBT_PROJECT), "--target-path", str(target), "--log-path", str(workdir / "logs"),
         "--no-send-anonymous-usage-stats", "--quiet"],
        env={**os.environ, "GOVREPORTS_WAREHOUSE": str(warehouse)}, check=True, stdout=subprocess.DEVNULL,
    )
    return next((target / "compiled").rglob(f"{model}.sql")).read_text()


def baseline(warehouse: Path, workdir: Path) -> dict:
    compiled = _compiled_full_refresh("int_figures_extracted", warehouse, workdir)   # before we hold the file
    con = duckdb.connect(str(warehouse), read_only=True)
    register(con)
    try:
        # the same texts the models read: cleaned text of every report in marts.reports
        texts = con.execute("""
            select cleaned.cleaned_text
            from marts.reports as reports
            inner join intermediate.int_report_text_cleaned as cleaned
                on cleaned.document_version_id = reports.report_id || ':' || reports.content_sha256
        """).fetchall()
        started = time.perf_counter()
        sql_figures = con.execute(f"select count(*) from ({compiled})").fetchone()[0]
        sql_seconds = time.perf_counter() - started
    finally:
        con.close()

    patterns = python_patterns()
    started = time.perf_counter()
    python_figures = sum(len(extract_figures_python(text or "", patterns)) for (text,) in texts)
    python_seconds = time.perf_counter() - started
    return {
        "reports": len(texts),
        "sql_seconds": round(sql_seconds, 2),
        "sql_figures": sql_figures,
        "python_seconds": round(python_seconds, 2),
        "python_figures": python_figures,
        "python_reports_per_second": round(len(texts) / python_seconds),
        "sql_reports_per_second": round(len(texts) / sql_seconds),
        "ratio_python_over_sql": round(python_seconds / sql_seconds, 1),
    }


# ---------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--new-reports", type=int, default=1_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-indicators")
    parser.add_argument("--reuse", action="store_true", help="steps 2b-4 on the warehouse already in --workdir")
    args = parser.parse_args()
    args.workdir = args.workdir.resolve()   # dbt resolves a relative --target-path from the project dir

    args.workdir.mkdir(parents=True, exist_ok=True)
    warehouse = args.workdir / "warehouse.duckdb"
    if not args.reuse:
        for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)
    results: dict = {
        "machine": f"{os.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GB, "
                   f"Python {platform.python_version()}, duckdb {duckdb.__version__}",
        "reports": args.reports,
        "command": " ".join(
            ([f"GOVREPORTS_DUCKDB_MEMORY_LIMIT={os.environ['GOVREPORTS_DUCKDB_MEMORY_LIMIT']}"]
             if "GOVREPORTS_DUCKDB_MEMORY_LIMIT" in os.environ else [])
            + [".venv/bin/python", "bench/indicators_bench.py", *sys.argv[1:]]),
        "memory_limit": os.environ.get("GOVREPORTS_DUCKDB_MEMORY_LIMIT", "DuckDB default (80% of RAM)"),
        "load_at_start": _load(),
    }

    def say(step: str) -> None:
        print(f"\n== {step}", flush=True)
        print(json.dumps(results.get(step), ensure_ascii=False, indent=2), flush=True)
        (args.workdir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))

    if args.reuse:
        previous = json.loads((args.workdir / "results.json").read_text())
        results.update({key: previous[key] for key in ("generate", "full") if key in previous})
        args.reports = previous["reports"] + previous.get("incremental", {}).get("new_reports", 0)
        results["reports"] = args.reports
    else:
        corpus = generate(warehouse, args.reports)
        results["generate"] = {"reports": corpus.reports, "figures": corpus.figures, "seconds": corpus.seconds,
                               "text_gb": _text_gb(warehouse)}
        say("generate")

        results["full"] = dbt_build(warehouse, args.workdir)
        results["full"]["reports_per_second"] = round(args.reports / results["full"]["wall_seconds"])
        say("full")

    results["alone"] = dbt_build(warehouse, args.workdir, INDICATOR_SELECTION,
                                 {"GOVREPORTS_DUCKDB_MEMORY_LIMIT": "6GB"})
    say("alone")

    corpus = generate(warehouse, args.new_reports, skip=args.reports)
    results["incremental"] = {"new_reports": corpus.reports, **dbt_build(warehouse, args.workdir)}
    say("incremental")

    # The night once a week that lets DuckDB merge the small row groups the nights appended
    # (dbt_project/macros/row_group_merging.sql): the last merge set back a week, 1,000 more reports.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update main._row_groups_merged set merged_at = merged_at - interval 7 days")
    corpus = generate(warehouse, args.new_reports, skip=args.reports + args.new_reports)
    results["merging_night"] = {"new_reports": corpus.reports, **dbt_build(warehouse, args.workdir)}
    say("merging_night")

    results["baseline"] = baseline(warehouse, args.workdir)
    say("baseline")

    full, alone, incremental, side = results["full"], results["alone"], results["incremental"], results["baseline"]
    results["targets"] = targets(results)
    say("targets")
    print(f"""
== summary ({results['machine']}; DuckDB memory_limit {results['memory_limit']})
load average (1, 5, 15 min): at start {results['load_at_start']}, after the full build {full.get('load_after', '?')}, \
after the incremental build {incremental['load_after']}
command: {results['command']}
full dbt build, {args.reports} reports: {full['wall_seconds']} s wall ({full['reports_per_second']} reports/s), \
peak RSS {full['peak_rss_gb']} GB (during indicator nodes {full['indicator_peak_rss_gb']} GB); \
indicator nodes {full['indicator_node_seconds']} s of {full['node_seconds_total']} s node time
indicator models and tests alone, memory capped at 6GB: {alone['wall_seconds']} s wall, \
peak RSS {alone['peak_rss_gb']} GB, failed: {alone['failed_nodes'] or 'none'}
incremental, +{args.new_reports} reports: {incremental['wall_seconds']} s wall; indicator nodes \
{incremental['indicator_node_seconds']} s; the night once a week that merges row groups, \
+{args.new_reports} more: {results['merging_night']['wall_seconds']} s wall
figure extraction over {side['reports']} reports: SQL {side['sql_seconds']} s ({side['sql_figures']} figures), \
Python per report {side['python_seconds']} s ({side['python_figures']} figures): {side['ratio_python_over_sql']}x
""")
    print(f"{'target':<36}{'wanted':<18}{'measured':<18}")
    for row in results["targets"]:
        verdict = ("" if row["wanted"] == "ratio" else "(targets are for 100,000 reports)" if not row["at_scale"]
                   else "met" if row["met"] else "MISSED")
        print(f"{row['target']:<36}{row['wanted']:<18}{row['measured']:<18}{verdict}")


def targets(results: dict) -> list[dict]:
    """The issue's targets against what this run measured (met only when run at 100,000 reports)."""
    full, incremental, side = results["full"], results["incremental"], results["baseline"]
    at_scale = results["reports"] >= 100_000
    rows = [
        ("full dbt build", "< 180 s", f"{full['wall_seconds']} s", full["wall_seconds"] < 180),
        ("full build throughput", ">= 550 reports/s", f"{full['reports_per_second']} reports/s",
         full["reports_per_second"] >= 550),
        ("peak memory, full build", "< 8 GB", f"{full['peak_rss_gb']} GB", full["peak_rss_gb"] < 8),
        ("full build succeeded", "exit 0", f"exit {full['exit_code']}", full["exit_code"] == 0),
        (f"incremental, +{incremental['new_reports']} reports", "< 20 s", f"{incremental['wall_seconds']} s",
         incremental["wall_seconds"] < 20),
        ("  once a week, merging row groups", "< 20 s", f"{results['merging_night']['wall_seconds']} s",
         results["merging_night"]["wall_seconds"] < 20),
        ("figures: Python per report / SQL", "ratio", f"{side['ratio_python_over_sql']}x", True),
    ]
    # the targets are stated for 100,000 reports: a smaller run measures, it meets nothing
    return [{"target": t, "wanted": w, "measured": m, "met": ok and at_scale, "at_scale": at_scale}
            for t, w, m, ok in rows]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _text_gb(warehouse: Path) -> float:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return round(con.execute("select sum(strlen(text)) from raw.documents").fetchone()[0] / 1e9, 2)
    finally:
        con.close()


if __name__ == "__main__":
    main()
