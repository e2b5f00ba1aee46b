"""The data catalogue: `dbt docs` as one static page, generated from the published snapshot.

`dbt docs generate --static` writes a single HTML file holding the manifest (every model,
column description, test, exposure, the lineage graph) and the catalogue (column types read
from the database). It runs against the snapshot attached read-only — never the writer's file,
so it works in the middle of a build — and the result goes to `$GOVREPORTS_HOME/docs/index.html`,
which `govreports docs` serves on localhost.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from warehouse.config import Paths
from warehouse.dbt_runner import DBT_PROJECT_DIR, WAREHOUSE_ENV

PROFILE = "govreports"
ARTIFACTS = ("manifest.json", "catalog.json")


class DocsError(RuntimeError):
    """dbt docs generate failed; the message says why in one line."""


def docs_profile(snapshot: Path) -> dict:
    """The project's own profile, pointed at `snapshot` attached read-only.

    Everything else in the target (plugins, settings, extensions) is kept, so the docs see the
    project exactly as the build does.
    """
    profiles = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    target_name = profiles[PROFILE].get("target", "warehouse")
    target = dict(profiles[PROFILE]["outputs"][target_name])
    # The models' database is the attachment's alias, so the catalogue matches them by name.
    target.update(path=":memory:", database="warehouse", threads=1,
                  attach=[{"path": str(snapshot), "alias": "warehouse", "read_only": True}])
    return {PROFILE: {"target": "docs", "outputs": {"docs": target}}}


def is_stale(paths: Paths) -> bool:
    """True when the docs are missing or older than the published snapshot."""
    page = paths.docs / "index.html"
    if not paths.snapshot.exists():
        return True  # generate_docs then says that nothing is published yet
    return not page.exists() or page.stat().st_mtime < paths.snapshot.resolve().stat().st_mtime


def generate_docs(paths: Paths) -> Path:
    """Run `dbt docs generate --static` over the snapshot; returns docs/index.html."""
    if not paths.snapshot.exists():
        raise FileNotFoundError(
            f"{paths.snapshot}: nothing published yet; run `govreports run` (or `make run`) first"
        )
    snapshot = paths.snapshot.resolve()  # keep reading this file even if a new one is swapped in
    work_root = paths.home / "dbt"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docs-", dir=work_root) as work:
        work_dir = Path(work)
        (work_dir / "profiles.yml").write_text(yaml.safe_dump(docs_profile(snapshot)), encoding="utf-8")
        target = work_dir / "target"
        # A child process: dbt keeps global state, and the CLI may already have run dbt in-process.
        done = subprocess.run(
            [sys.executable, "-m", "dbt.cli.main", "docs", "generate", "--static",
             "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(work_dir),
             "--target-path", str(target), "--log-path", str(work_dir / "logs"),
             "--no-use-colors", "--no-send-anonymous-usage-stats"],
            env={**os.environ, WAREHOUSE_ENV: str(snapshot)},
            capture_output=True, text=True, check=False,
        )
        static_page = target / "static_index.html"
        if done.returncode != 0 or not static_page.exists():
            raise DocsError(f"dbt docs generate failed: {error_summary(done.stdout + done.stderr)}")
        paths.docs.mkdir(parents=True, exist_ok=True)
        for name in ARTIFACTS:  # for tools that read the catalogue as JSON
            shutil.copyfile(target / name, paths.docs / name)
        partial = paths.docs / ".index.html.partial"
        shutil.copyfile(static_page, partial)
        os.replace(partial, paths.docs / "index.html")
    return paths.docs / "index.html"


def error_summary(output: str) -> str:
    """dbt says "Encountered an error:" and then what it was over a few lines; keep those."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    marks = [i for i, line in enumerate(lines) if "Encountered an error" in line]
    if marks:
        return " ".join(lines[marks[0] + 1: marks[0] + 4])[:400]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["no output"])[-1][:400]


def docs_server(directory: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """A static file server for the docs on localhost only (port 0: any free port)."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass  # one line per request would drown the URL the user needs

    handler = functools.partial(QuietHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer((host, port), handler)
