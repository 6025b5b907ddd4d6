"""A content-addressed on-disk cache of successful rewrites, so a re-run costs zero model calls.

The key is a sha256 over everything that decides the answer: the model name, the prompt version,
the exact messages sent (system prompt, few-shot turns, the analyzer's hints and the draft), the
request parameters that change the answer, and the library version (results are rendered by code).
Keying on the rendered request rather than on the prompt hash alone matters: a new analyzer rule
changes the hints, hence the messages, hence the key.

Computing that key means parsing and analysing the draft (milliseconds); a cached re-run skips it
through an alias: a key over the draft, the parameters and the package's source code, recorded
next to the results, that points at the request key computed last time. Any code change gives new
aliases, so the alias can never be stale; it is a memo, the request key stays the address.

Only successful results are stored: an error is often transient (a timeout, a rate limit) and must be
retried on the next run. Entries are written to a temporary file then renamed, so a crash never
leaves a half-written entry, and concurrent writers of the same key cannot corrupt each other.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rewriter.result import RewriteResult

CACHE_ENV = "OKR_REWRITER_CACHE"

# Transport settings do not change the answer, and a key must never hold a secret, even hashed.
TRANSPORT_PARAMS = frozenset(
    {
        "api_key",
        "timeout",
        "num_retries",
        "max_retries",
        "retry_policy",
        "metadata",
        "extra_headers",
        "headers",
        "client",
        "aiohttp_session",
    }
)


def default_dir() -> Path:
    """`${OKR_REWRITER_CACHE:-${XDG_CACHE_HOME:-~/.cache}/okr-rewriter}/responses`."""
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root).expanduser() / "responses"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "okr-rewriter" / "responses"


def request_key(
    *, model: str, prompt_version: str, messages: list[dict[str, Any]], params: dict[str, Any], draft: str
) -> str:
    """The cache key of one rewrite request: sha256 of a canonical JSON of what decides the answer."""
    from rewriter import __version__

    material = {
        "v": 1,
        "library": __version__,
        "model": model,
        "prompt_version": prompt_version,
        "messages": messages,
        "params": {k: v for k, v in sorted(params.items()) if k not in TRANSPORT_PARAMS},
        "draft": draft,
    }
    canonical = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@functools.cache
def code_version() -> str:
    """sha256 of the package's Python sources: parsing, analysis and rendering all shape a request."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def alias_key(
    *, model: str, prompt_version: str, params: dict[str, Any], draft: str, lang: str | None
) -> str:
    """A cheap key naming a request by its inputs instead of its rendered messages.

    It includes the code version, so any change to the parser, analyzer or renderer (which would
    change the messages) gives a new alias; it only ever points at a `request_key`, never at a result.
    """
    material = {
        "v": 1,
        "code": code_version(),
        "model": model,
        "prompt_version": prompt_version,
        "params": {k: v for k, v in sorted(params.items()) if k not in TRANSPORT_PARAMS},
        "lang": lang,
        "draft": draft,
    }
    canonical = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Successful `RewriteResult`s on disk, one JSON file per key under `<dir>/<key[:2]>/<key>.json`."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_dir()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> RewriteResult | None:
        """The stored result, or None; an unreadable entry counts as a miss and is redone."""
        try:
            data = self._path(key).read_bytes()
            result = RewriteResult.model_validate_json(data)
        except (OSError, ValidationError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: RewriteResult) -> bool:
        """Store a successful result; errors are never stored. False when the disk refused (not fatal)."""
        if not result.ok:
            return False
        return self._write(self._path(key), result.model_dump_json().encode("utf-8"))

    def resolve(self, alias: str) -> str | None:
        """The request key an alias was recorded for, or None."""
        try:
            key = (self.directory / "aliases" / alias[:2] / alias).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return key if len(key) == 64 else None

    def alias(self, alias: str, key: str) -> None:
        """Record that `alias` renders to the request `key` (best effort, like every write here)."""
        self._write(self.directory / "aliases" / alias[:2] / alias, key.encode("ascii"))

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            # A full or read-only disk must not fail the rewrite: the cache is only an optimisation.
            return False
        return True

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("??/*.json")) if self.directory.is_dir() else 0
