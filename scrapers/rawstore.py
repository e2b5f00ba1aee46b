"""The raw store: every byte fetched, kept once, addressed by its sha256.

Landing files and the warehouse only reference bodies by hash, so re-parsing a page never needs
the network, and the same PDF fetched on a hundred nights takes its space once.
Layout: `<root>/sha256/<first 2 hex>/<sha256>` (root is `$GOVREPORTS_HOME/raw`).

Durability: by default every put is flushed to disk (fsync) before it returns. A harvest batch
writes thousands of bodies and only needs them durable before its landing file names them, so
it uses `sync_later=True` and calls `sync()` once at the end: one flush of the file system
instead of one journal commit per body (a third of a 10,000-page harvest's wall time).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class RawStore:
    def __init__(self, root: str | os.PathLike, *, sync_later: bool = False) -> None:
        self.root = Path(root)
        self.sync_later = sync_later
        self._unsynced = 0            # bodies written since the last sync (sync_later only)

    def path(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, body: bytes) -> str:
        """Store `body` unless already present; return its sha256."""
        sha256 = hashlib.sha256(body).hexdigest()
        target = self.path(sha256)
        try:
            if target.stat().st_size == len(body):
                return sha256
        except FileNotFoundError:
            pass
        # (A file of the wrong size is what a crash before `sync()` can leave: written again.)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename: a reader (or a parallel harvest writing the
        # same bytes) sees either no file or the whole file, never a partial one.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{sha256[:8]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
                if not self.sync_later:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._unsynced += self.sync_later
        return sha256

    def sync(self) -> None:
        """Make every body written with `sync_later` durable (one flush for all of them)."""
        if self._unsynced:
            os.sync()
            self._unsynced = 0

    def get(self, sha256: str) -> bytes:
        """The stored bytes; KeyError naming the hash when they are not here."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"raw store {self.root}: no body with sha256 {sha256}") from None
