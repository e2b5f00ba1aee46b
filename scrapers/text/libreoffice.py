"""DOC and WPS (binary OLE files) → text through headless LibreOffice, when it is installed.

No pure-Python reader handles both well, and LibreOffice is too heavy to require: without
`soffice` on PATH the caller records `converter_missing`, and the bytes stay in the raw store
to be converted on a machine that has it. Each conversion gets its own LibreOffice profile
folder, so parallel harvest tasks never share (or lock) one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT_SECONDS = 120
_TEXT_FILTER = "txt:Text (encoded):UTF8"


class ConverterMissing(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_text(body: bytes, suffix: str = ".doc") -> str:
    """Convert with `soffice --headless --convert-to txt`; raise ConverterMissing without it,
    RuntimeError (or TimeoutExpired) when the conversion fails."""
    soffice = soffice_path()
    if soffice is None:
        raise ConverterMissing(
            "LibreOffice (soffice) is not on PATH: DOC/WPS text needs it; the bytes are kept"
        )
    with tempfile.TemporaryDirectory(prefix="govreports-soffice-") as work:
        folder = Path(work)
        source = folder / f"attachment{suffix}"
        source.write_bytes(body)
        out = folder / "out"
        completed = subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--norestore", "--convert-to", _TEXT_FILTER, "--outdir", str(out), str(source)],
            capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False,
        )
        converted = out / "attachment.txt"
        if completed.returncode != 0 or not converted.is_file():
            said = " ".join(completed.stderr.decode("utf-8", "replace").split())[:300]
            raise RuntimeError(f"soffice exit {completed.returncode}, no text written ({said})")
        return converted.read_bytes().decode("utf-8-sig", "replace")
