"""OFD (GB/T 33190, China's fixed-layout format: a ZIP of XML) → text, pages by form feed.

OFD.xml names the document (DocBody/DocRoot), the document lists its pages (Pages/Page/@BaseLoc),
and each page's Content.xml holds TextObject/TextCode elements with the text and its position
(millimetres). A new line starts where the baseline moves; nothing else is interpreted.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

MAX_XML_BYTES = 50_000_000          # one member; a "page" bigger than this is a zip bomb
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class OfdError(ValueError):
    pass


@dataclass
class OfdText:
    text: str          # pages joined by "\f"
    page_count: int


def ofd_to_text(body: bytes) -> OfdText:
    """Raise OfdError (or a zip/XML error) on a file that is not a readable OFD."""
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        root = _xml(package, _member(package, "OFD.xml"))
        doc_root = root.find(".//{*}DocBody/{*}DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise OfdError("OFD.xml names no DocRoot")
        document_path = _resolve("", doc_root.text)
        document = _xml(package, document_path)
        pages = []
        for page in document.iterfind(".//{*}Pages/{*}Page"):
            location = page.get("BaseLoc")
            if location:
                content = _xml(package, _resolve(posixpath.dirname(document_path), location))
                pages.append(_page_text(content))
    return OfdText(text="\f".join(pages), page_count=len(pages))


def _page_text(content: etree._Element) -> str:
    lines: list[list[str]] = []
    last_baseline: float | None = None
    for text_object in content.iter("{*}TextObject"):
        top = _boundary_top(text_object.get("Boundary"))
        tolerance = max(float(text_object.get("Size") or 2.0) / 2, 0.5)
        for code in text_object.iterfind("{*}TextCode"):
            baseline = top + float(code.get("Y") or 0)
            if last_baseline is None or abs(baseline - last_baseline) > tolerance:
                lines.append([])
            lines[-1].append(code.text or "")
            last_baseline = baseline
    return "\n".join(line for line in ("".join(parts).strip() for parts in lines) if line)


def _boundary_top(boundary: str | None) -> float:
    try:
        return float((boundary or "0 0").split()[1])
    except (IndexError, ValueError):
        return 0.0


def _resolve(base_dir: str, location: str) -> str:
    """BaseLoc/DocRoot: relative to the referring file's folder, or absolute from the root."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(base_dir, location)
    return posixpath.normpath(joined)


def _member(package: zipfile.ZipFile, name: str) -> str:
    """The member with this name, ignoring case and a leading folder some writers add."""
    for candidate in package.namelist():
        if candidate.lower() == name.lower() or candidate.lower().endswith("/" + name.lower()):
            return candidate
    raise OfdError(f"no {name} in the package")


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        info = package.getinfo(name)
    except KeyError:
        raise OfdError(f"{name} is named but not in the package") from None
    if info.file_size > MAX_XML_BYTES:
        raise OfdError(f"{name} unpacks to {info.file_size} bytes, over {MAX_XML_BYTES}")
    return etree.fromstring(package.read(info), _PARSER)
