"""The sources registry: which site columns we harvest, read from YAML into validated entries.

Sources are data, platforms are code: an entry names the platform adapter and gives it the
list page URLs and the few options that platform needs. A bad entry is reported as one line
naming the entry and the fix, and skipped; the other entries still run. Only a registry file
that cannot be read at all stops the run (`RegistryError`).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scrapers.selectors import compile_selector

# The platform adapters in scrapers/platforms/ (kept here, not imported from there, so that
# validating a registry does not import the parsers; a test checks the two agree).
PLATFORMS = ("trs", "hanweb", "gkmlpt", "generic")
REPORT_KINDS = ("fzzf_annual", "gkxx_annual")  # 法治政府建设年度报告 / 政府信息公开年报

PACKAGED_REGISTRY = Path(__file__).parent / "sources" / "demo.yml"


class RegistryError(Exception):
    """The registry file as a whole cannot be used (missing, not YAML, wrong shape)."""


class Politeness(BaseModel):
    """How gently to treat the site; every field has a default a real site can live with."""

    model_config = ConfigDict(extra="forbid")

    delay_seconds: float = Field(1.0, ge=0)        # minimum pause between two requests to a host
    allow_private_addresses: bool = False          # demo/fixture sites live on 127.0.0.1
    timeout_seconds: float = Field(30.0, gt=0)     # read timeout; connect timeout is min(10, this)
    max_bytes: int = Field(50_000_000, gt=0)       # a response over this is aborted (too_large)
    max_retries: int = Field(3, ge=0, le=10)       # on connection errors, 5xx, 408, 429
    backoff_seconds: float = Field(1.0, ge=0)      # first retry pause; doubles each retry


class SourceEntry(BaseModel):
    """One site column that publishes reports."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    district_code: str | None = Field(None, pattern=r"^\d{6}$")  # GB/T 2260; aggregators: none
    agency: str | None = None
    platform: str
    list_urls: list[str] = Field(min_length=1)
    report_kinds: list[str] = Field(default_factory=lambda: ["fzzf_annual"])
    enabled: bool = True
    verified: bool = False   # false: written from public URL patterns, never fetched from here
    politeness: Politeness = Field(default_factory=Politeness)
    # Every N days walk every list page and re-check every known article (conditional GET), to
    # catch edits and deletions; other nights stop at the first list page that is all known.
    full_walk_every_days: int = Field(7, ge=1)
    options: dict[str, Any] = Field(default_factory=dict)  # platform specific, see each adapter

    @field_validator("district_code", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        # YAML reads an unquoted 440114 as a number; the code is an identifier, keep it text.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("platform")
    @classmethod
    def _known_platform(cls, value: str) -> str:
        if value not in PLATFORMS:
            raise ValueError(f"unknown platform {value!r} (one of {', '.join(PLATFORMS)})")
        return value

    @field_validator("list_urls")
    @classmethod
    def _web_urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"list URL {url!r} is not an http(s) URL")
        return urls

    @field_validator("report_kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        for kind in kinds:
            if kind not in REPORT_KINDS:
                raise ValueError(
                    f"unknown report kind {kind!r} (one of {', '.join(REPORT_KINDS)})"
                )
        return kinds

    @model_validator(mode="after")
    def _generic_needs_selectors(self) -> SourceEntry:
        # The generic adapter knows nothing about the site except these selectors.
        if self.platform == "generic" and not self.options.get("item_selector"):
            raise ValueError("platform generic needs options.item_selector (a CSS selector)")
        for key, value in self.options.items():
            if key.endswith("_selector"):
                try:
                    compile_selector(value)
                except Exception as exc:  # SelectorSyntaxError, ExpressionError, a non-string
                    reason = " ".join(str(exc).split()) or type(exc).__name__
                    raise ValueError(
                        f"options.{key} {value!r} is not a valid CSS selector ({reason[:120]})"
                    ) from None
        return self


@dataclass
class Registry:
    path: Path
    sources: list[SourceEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def get(self, source_id: str) -> SourceEntry:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"{self.path.name}: no valid source with id {source_id!r}")

    def enabled(self) -> list[SourceEntry]:
        return [source for source in self.sources if source.enabled]


def default_registry_path() -> Path:
    """$GOVREPORTS_SOURCES, else the bundled demo registry."""
    override = os.environ.get("GOVREPORTS_SOURCES")
    return Path(override) if override else PACKAGED_REGISTRY


def load_registry(path: str | os.PathLike | None = None) -> Registry:
    """Read and validate a registry file; bad entries end up in `.problems`, one line each."""
    path = Path(path) if path is not None else default_registry_path()
    document = _read_yaml(path)
    registry = Registry(path=path)
    first_position: dict[str, int] = {}
    for position, raw_entry in enumerate(document["sources"], start=1):
        label = _entry_label(raw_entry, position)
        if not isinstance(raw_entry, dict):
            registry.problems.append(f"{path.name}: entry {label}: not a mapping of fields")
            continue
        try:
            entry = SourceEntry.model_validate(raw_entry)
        except ValidationError as exc:
            registry.problems.append(f"{path.name}: entry {label}: {_explain(exc)}")
            continue
        if entry.id in first_position:
            registry.problems.append(
                f"{path.name}: entry {label}: duplicate id {entry.id!r} "
                f"(entry #{first_position[entry.id]} has it already; ids must be unique)"
            )
            continue
        first_position[entry.id] = position
        registry.sources.append(entry)
    return registry


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(
            f"{path}: sources registry not found (set GOVREPORTS_SOURCES to a sources YAML file)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the sources registry ({exc})") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RegistryError(f"{path}: not valid YAML ({where}{problem})") from None
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise RegistryError(f"{path}: expected a top-level 'sources:' list of entries")
    return document


def _entry_label(raw_entry: Any, position: int) -> str:
    if isinstance(raw_entry, dict) and isinstance(raw_entry.get("id"), str):
        return repr(raw_entry["id"])
    return f"#{position}"


def _explain(exc: ValidationError) -> str:
    """Pydantic's errors as a short, human sentence: `field: problem; field: problem`."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(step) for step in error["loc"])
        kind = error["type"]
        if kind == "missing":
            parts.append(f"missing required field {where!r}")
        elif kind == "extra_forbidden":
            parts.append(_unknown_key(error["loc"]))
        elif kind == "value_error":
            # Our validators' messages already name the field and the allowed values.
            parts.append(str(error["ctx"]["error"]) if "ctx" in error else error["msg"])
        elif where in _PATTERN_HINTS and kind == "string_pattern_mismatch":
            parts.append(f"{where} {error.get('input')!r} {_PATTERN_HINTS[where]}")
        else:
            parts.append(f"{where}: {error['msg'].lower()} (got {error.get('input')!r})")
    return "; ".join(parts)


_PATTERN_HINTS = {
    "id": "must be lowercase letters, digits and dashes, e.g. 'huadu-fzzf'",
    "district_code": "must be a 6-digit GB/T 2260 code as a quoted string, e.g. \"440114\"",
}


def _unknown_key(loc: tuple[Any, ...]) -> str:
    key = str(loc[-1])
    model = Politeness if len(loc) > 1 and loc[0] == "politeness" else SourceEntry
    known = list(model.model_fields)
    close = [k for k in known if k.startswith(key)] or difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
    where = ".".join(str(step) for step in loc)
    return f"unknown key {where!r} ({hint})"
