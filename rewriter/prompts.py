"""Prompt files: where they live, how they are filled, and the content hash used as their version."""

from __future__ import annotations

import hashlib
import json
import os
import string
import time
from functools import cache
from pathlib import Path
from typing import Any

from rewriter.draft import Lang

PROMPTS_ENV = "OKR_REWRITER_PROMPTS"


class PromptError(RuntimeError):
    """A prompt file is missing or a template variable was not provided."""


@cache
def _package_root() -> Path:
    return Path(__file__).resolve().parent


def prompts_dir() -> Path:
    """`$OKR_REWRITER_PROMPTS`, else the copy inside an installed wheel, else the source tree's `prompts/`."""
    override = os.environ.get(PROMPTS_ENV)
    candidates = [Path(override)] if override else []
    candidates += [_package_root() / "_data" / "prompts", _package_root().parent / "prompts"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise PromptError(
        f"prompt files not found (looked in {', '.join(str(c) for c in candidates)}); "
        f"set {PROMPTS_ENV} to the folder holding system.md"
    )


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


@cache
def _version_of(root: Path, stamp: tuple[tuple[str, float, int], ...]) -> str:
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# How long a computed version is trusted before the files are looked at again: a batch asks for it
# several times per draft, and listing and stat-ing the folder each time cost ~1 ms.
RECHECK_S = 1.0
_checked: dict[Path, tuple[float, str]] = {}


def prompt_version(root: Path | None = None) -> str:
    """Short sha256 of every prompt file's name and content: any edit gives a new version (within a second)."""
    root = root or prompts_dir()
    now = time.monotonic()
    seen = _checked.get(root)
    if seen is not None and now - seen[0] < RECHECK_S:
        return seen[1]
    # The stamp (names, mtimes, sizes) lets an edit invalidate the cached hash without rehashing per call.
    stamp = tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in _files(root))
    version = _version_of(root, stamp)
    _checked[root] = (now, version)
    return version


def render(name: str, /, *, root: Path | None = None, **variables: Any) -> str:
    """Fill `prompts/<name>` (a `string.Template` with `$var`); a missing variable is an error."""
    path = (root or prompts_dir()) / name
    if not path.is_file():
        raise PromptError(f"prompt file {path} does not exist")
    try:
        return string.Template(path.read_text(encoding="utf-8")).substitute(variables)
    except KeyError as exc:
        raise PromptError(
            f"prompt {name} needs the variable {exc.args[0]!r}, which was not provided"
        ) from exc
    except ValueError as exc:
        raise PromptError(f"prompt {name} has a malformed placeholder: {exc}") from exc


def load_json(name: str, /, *, root: Path | None = None) -> Any:
    """Parse `prompts/<name>`, a JSON data file that prompts are built from (e.g. hint labels)."""
    path = (root or prompts_dir()) / name
    if not path.is_file():
        raise PromptError(f"prompt file {path} does not exist")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PromptError(f"prompt file {path} is not valid JSON: {exc}") from exc


def examples(lang: Lang, root: Path | None = None) -> list[dict[str, Any]]:
    """Few-shot examples for a language: `prompts/examples/<lang>-*.json`, each {draft, answer, ...}."""
    folder = (root or prompts_dir()) / "examples"
    found = []
    for path in sorted(folder.glob(f"{lang}-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not {"draft", "answer"} <= data.keys():
            raise PromptError(f"example {path.name} needs 'draft' and 'answer' keys")
        data.setdefault("id", path.stem)
        found.append(data)
    return found
