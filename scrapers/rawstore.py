"""The raw store: every byte fetched, kept once, addressed by its sha256.

Landing files and the warehouse only reference bodies by hash, so re-parsing a page never needs
the network, and the same PDF fetched on a hundred nights takes its space once.
Layout: `<root>/sha256/<first 2 hex>/<sha256>` (root is `$GOVREPORTS_HOME/raw`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class RawStore:
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, body: bytes) -> str:
        """Store `body` unless already present; return its sha256."""
        sha256 = hashlib.sha256(body).hexdigest()
        target = self.path(sha256)
        if target.is_file():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename: a reader (or a parallel harvest writing the
        # same bytes) sees either no file or the whole file, never a partial one.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{sha256[:8]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        """The stored bytes; KeyError naming the hash when they are not here."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"raw store {self.root}: no body with sha256 {sha256}") from None
