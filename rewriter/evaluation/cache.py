"""Replay cache for eval runs: one reviewable JSON file per model answer, committed with the baselines.

The key hashes everything that decides the answer: the model string, the prompt files' version, the case,
the call parameters, the response schema sent as the tool definition, and the exact rendered messages.
The analyzer's hints are inside the messages, so a rule change that alters them misses the cache, and so
does any edit under `prompts/`. What the key cannot see (the validators that decide a re-ask) is checked
at replay time: a stored answer that the current code would reject is treated as a miss.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

CACHE_FORMAT = 1


class CacheEntry(BaseModel):
    """A stored answer: the validated output (or the model's final failure) and its metering."""

    key: str = Field(description="sha256 of the request description.")
    kind: Literal["rewrite", "judge"] = Field(description="Which call produced it.")
    model: str = Field(description="litellm model string that answered.")
    case: str = Field(description="Case id, for humans browsing the folder.")
    prompt_version: str = Field(description="Prompt files' content hash when it was recorded.")
    output: dict[str, Any] | None = Field(default=None, description="The validated answer, as JSON.")
    error: str | None = Field(default=None, description="Why the model gave no valid answer, if so.")
    prompt_tokens: int = Field(default=0, description="Prompt tokens over all attempts.")
    completion_tokens: int = Field(default=0, description="Completion tokens over all attempts.")
    attempts: int = Field(default=1, description="Model calls made, re-asks included.")
    duration_s: float = Field(default=0.0, description="Wall time of the original call, seconds.")
    recorded: str = Field(default="", description="UTC time it was recorded (ISO 8601).")


def request_key(**parts: Any) -> str:
    """sha256 over a canonical JSON of the request description (sorted keys, no whitespace)."""
    canonical = json.dumps(
        {"format": CACHE_FORMAT, **parts}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def slug(model: str) -> str:
    """A file-system-safe name for a model string: 'local/qwen2.5-coder-1.5b' → 'local__qwen2.5-coder-1.5b'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model.replace("/", "__"))


class ResponseCache:
    """Entries live in `<root>/<model slug>/<key>.json`; `used` remembers what this run read or wrote."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled
        self.used: set[Path] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, model: str, key: str) -> Path:
        return self.root / slug(model) / f"{key}.json"

    def get(self, model: str, key: str) -> CacheEntry | None:
        if not self.enabled:
            return None
        path = self._path(model, key)
        if not path.is_file():
            return None
        try:
            entry = CacheEntry.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError:
            return None  # a hand-edited or truncated file is a miss, never a crash
        self.used.add(path)
        return entry

    def put(self, entry: CacheEntry) -> None:
        if not self.enabled:
            return
        entry.recorded = entry.recorded or datetime.now(UTC).isoformat(timespec="seconds")
        path = self._path(entry.model, entry.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        # Indented, sorted JSON so a cache update reads as a diff in review.
        tmp.write_text(
            json.dumps(entry.model_dump(mode="json"), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        )
        tmp.replace(path)
        self.used.add(path)

    def prune(self, model: str) -> list[Path]:
        """Delete this model's entries that the run did not use (stale prompts, removed cases)."""
        folder = self.root / slug(model)
        stale = [p for p in folder.glob("*.json") if p not in self.used] if folder.is_dir() else []
        for path in stale:
            path.unlink()
        return stale
