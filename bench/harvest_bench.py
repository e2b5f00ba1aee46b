"""Harvest benchmarks (not tests: they print figures, they do not pass or fail).

    .venv/bin/python bench/harvest_bench.py throughput [--reports 10000]
    .venv/bin/python bench/harvest_bench.py quiet-night [--sources 1000]
    .venv/bin/python bench/harvest_bench.py all            (make bench-harvest)

throughput   A fixture TRS column of N report pages on 127.0.0.1, politeness delay 0. Our
             harvester (fetch + decode + extract + store: raw store and landing file) and, side
             by side in the same run, Scrapy crawling the same site at the same concurrency
             (one request at a time, robots.txt obeyed; it stores each body by sha256 and one
             JSON line per article). Pages per second of wall time, and per CPU-second of the
             crawling process (the server runs in its own process, not counted).
quiet-night  S fixture sources in four platform layouts; a first night harvests and loads them,
             then a night with nothing new is timed (harvest every source + load): the requests
             the server saw, against robots.txt + the list pages walked.

Each crawler runs in its own child process so that its CPU time is its own. Everything is
served from 127.0.0.1; nothing here reaches the network.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harvest_fixture_site import FixtureSite, many_registry_entries  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- child processes: one crawl each, a JSON line on stdout -----------------------------------

def run_ours(port: int, reports: int, home: Path) -> dict:
    from scrapers.harvest import harvest_source
    from scrapers.landing import read_batch
    from scrapers.registry import SourceEntry

    source = SourceEntry.model_validate({
        "id": "bench-big", "name": "基准", "platform": "trs",
        "list_urls": [f"http://127.0.0.1:{port}/col/index.html"],
        "politeness": {"delay_seconds": 0, "allow_private_addresses": True},
        "options": {"max_pages": reports // 20 + 10},
    })
    cpu, wall = _cpu_seconds(), time.perf_counter()
    result = harvest_source(source, run_id="bench", home=home)
    wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
    batch = read_batch(result.landing_path)
    return {"crawler": "govreports", "pages": sum(1 for f in batch["fetches"] if f["status"] == 200),
            "articles": len(batch["documents"]), "wall": wall, "cpu": cpu, "outcome": result.outcome}


def run_scrapy(port: int, reports: int, home: Path) -> dict:
    from harvest_scrapy_spider import crawl

    cpu, wall = _cpu_seconds(), time.perf_counter()
    stats = crawl(f"http://127.0.0.1:{port}/col/index.html", home)
    wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
    return {"crawler": "scrapy", "pages": stats["pages"], "articles": stats["articles"],
            "wall": wall, "cpu": cpu, "outcome": "ok"}


def _child(kind: str, port: int, reports: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as home:
        command = [sys.executable, __file__, f"_{kind}", "--port", str(port), "--reports", str(reports),
                   "--home", home]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{kind} crawl failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


# -- the benchmarks ---------------------------------------------------------------------------

def throughput(reports: int) -> list[str]:
    with FixtureSite("big", reports) as site:
        results = [_child("ours", site.port, reports), _child("scrapy", site.port, reports)]
    lines = [f"throughput: one TRS column, {reports} report pages (~25 kB each), "
             f"{reports // 20} list pages; concurrency 1, delay 0",
             f"{'crawler':12} {'pages':>7} {'articles':>9} {'wall s':>8} {'CPU s':>8} "
             f"{'pages/s':>8} {'pages/CPU-s':>12}"]
    for r in results:
        lines.append(f"{r['crawler']:12} {r['pages']:>7} {r['articles']:>9} {r['wall']:>8.1f} "
                     f"{r['cpu']:>8.1f} {r['pages'] / r['wall']:>8.0f} {r['pages'] / r['cpu']:>12.0f}")
    ours, theirs = results
    lines.append(f"govreports / scrapy: {ours['pages'] / ours['wall'] / (theirs['pages'] / theirs['wall']):.2f}× "
                 f"pages per second, {ours['pages'] / ours['cpu'] / (theirs['pages'] / theirs['cpu']):.2f}× "
                 "pages per CPU-second")
    return lines


def quiet_night(sources: int) -> list[str]:
    import yaml

    from scrapers.registry import load_registry
    from warehouse import nightly
    from warehouse.config import Paths

    with FixtureSite("many", sources) as site, tempfile.TemporaryDirectory(prefix="bench-night-") as tmp:
        home = Paths(Path(tmp))
        registry_path = Path(tmp) / "sources.yml"
        registry_path.write_text(yaml.safe_dump({"sources": many_registry_entries(site.port, sources)},
                                                allow_unicode=True), encoding="utf-8")
        entries = [e.model_dump(mode="json") for e in load_registry(registry_path).sources]
        os.environ.pop("GOVREPORTS_WAREHOUSE", None)
        logging.getLogger("govreports").setLevel(logging.ERROR)   # one progress line per source

        def night(run_id: str) -> tuple[float, float, float]:
            started, cpu = time.perf_counter(), _cpu_seconds()
            for entry in entries:
                nightly.harvest_batch(entry, run_id, home)
            harvested = time.perf_counter() - started
            nightly.load(home)
            return harvested, time.perf_counter() - started, _cpu_seconds() - cpu

        first = night("first-night")
        before = site.stats()
        harvested, total, cpu = night("quiet-night")
        after = site.stats()
    seen = {kind: after[kind] - before.get(kind, 0) for kind in ("robots", "list", "article", "list_304")}
    per_platform = "; ".join(
        f"{p} {n}" for p, n in (("trs", "robots + index.html"), ("hanweb", "robots + column page"),
                                ("gkmlpt", "robots + API page 1 (sid pinned)"),
                                ("generic", "robots + first list page")))
    requests_total = seen["robots"] + seen["list"] + seen["article"]
    return [
        f"quiet night: {sources} sources (trs, hanweb, gkmlpt, generic; 8 articles, 2 list pages each), "
        f"nothing new, delays 0, one process, sources one after another",
        f"first night (not timed here): {first[1]:.1f} s",
        f"requests      {requests_total} = robots.txt {seen['robots']} + list pages {seen['list']} "
        f"+ article pages {seen['article']}  ({seen['list_304']} list pages answered 304)",
        f"per source    {per_platform}",
        f"wall time     {total:.1f} s ({harvested:.1f} s harvesting, {total - harvested:.1f} s loading), "
        f"CPU {cpu:.1f} s",
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["throughput", "quiet-night", "all", "_ours", "_scrapy"])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--port", type=int)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    if args.which in ("_ours", "_scrapy"):
        crawl = run_ours if args.which == "_ours" else run_scrapy
        print(json.dumps(crawl(args.port, args.reports, args.home)))
        return
    print(f"machine: {machine()}")
    python = os.path.relpath(sys.executable, ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable
    print(f"command: {python} {' '.join(sys.argv)}")
    if args.which in ("throughput", "all"):
        print("\n".join(throughput(args.reports)), flush=True)
    if args.which in ("quiet-night", "all"):
        print("\n".join(quiet_night(args.sources)), flush=True)


if __name__ == "__main__":
    main()
