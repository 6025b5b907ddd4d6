"""The credentials this process knows, and `redact`, which masks them in any text that leaves it.

Providers echo the key they were given in their error messages ("Incorrect API key provided: …"), and
those messages travel: into the log, the result's provenance, the CLI's stderr and JSON, batch files and
the web app's answers. Every one of those doors calls `redact`. It masks by value first: each known
credential (the provider variables of the environment, any `*_API_KEY`, `*_TOKEN`, `*_SECRET`… variable,
the `api_key` a caller passed to the model seam, the web app's login passwords) wherever it appears,
whatever its shape. Patterns (`sk-…`, `Bearer …`, `key=…`) are only a second line, for credentials the
process was never told about.

`guard_logs()` adds a filter that applies `redact` to the records of the package's loggers and of the
libraries that carry provider messages (litellm, instructor, httpx), a net under the explicit calls.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable

MASK = "***"

# Shorter values cannot be masked by value without also masking ordinary words of the text.
MIN_SECRET_CHARS = 6

AUTH_ENV = "OKR_REWRITER_AUTH"

# Variables whose value is a credential: the providers' usual ones end this way (OPENAI_API_KEY,
# HF_TOKEN, AWS_SECRET_ACCESS_KEY, AZURE_AD_TOKEN…).
_CREDENTIAL_VARIABLE = re.compile(r"(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD)$", re.IGNORECASE)

# The second line, for credentials nobody registered: key-shaped words, authorization headers,
# `name=value` pairs whose name says credential, and passwords in URLs.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}"), MASK),
    (re.compile(r"\bAIza[0-9A-Za-z_\-]{20,}"), MASK),
    (re.compile(r"\b(?:gh[pousr]|hf|xox[abpr])_[A-Za-z0-9_\-]{10,}"), MASK),
    (re.compile(r"\b(?:bearer|basic)\s+[A-Za-z0-9_\-.=+/~]{8,}", re.IGNORECASE), MASK),
    (
        re.compile(
            r"""(?P<name>\b[\w-]*(?:api[_-]?key|key|token|secret|password|passwd|pwd)["']?\s*[=:]\s*["']?)"""
            # A value with a digit, or a long one: "key: Increase…" in a quoted answer is not a credential.
            r"""(?:(?=[A-Za-z_\-.+/~]*\d)[A-Za-z0-9_\-.+/~]{8,}|[A-Za-z0-9_\-.+/~]{20,})""",
            re.IGNORECASE,
        ),
        rf"\g<name>{MASK}",
    ),
    (re.compile(r"(?P<user>://[^/\s:@]+):[^/\s@]+@"), rf"\g<user>:{MASK}@"),
)

# The latest keys handed over in code, oldest first. Bounded, for a server that passes one key per
# client: a key also travels with its own call (`redact(text, api_key)`), so forgetting an old one
# only drops the net under the calls it was given to, long finished.
MAX_REMEMBERED = 256
_given: dict[str, None] = {}
_given_lock = threading.Lock()


def remember(*secrets: str | None) -> None:
    """Add credentials handed to the process in code (an `api_key` argument, a router's keys)."""
    with _given_lock:
        for secret in secrets:
            if isinstance(secret, str) and len(secret) >= MIN_SECRET_CHARS:
                _given.pop(secret, None)
                _given[secret] = None
        for oldest in list(_given)[: max(0, len(_given) - MAX_REMEMBERED)]:
            del _given[oldest]


def _auth_passwords(raw: str) -> list[str]:
    return [item.partition(":")[2].strip() for item in raw.split(",") if ":" in item]


def known_secrets() -> list[str]:
    """Every credential known now, longest first (so a key containing another is masked whole)."""
    values = {value for name, value in os.environ.items() if _CREDENTIAL_VARIABLE.search(name)}
    values.update(_auth_passwords(os.environ.get(AUTH_ENV, "")))
    with _given_lock:
        values.update(_given)
    return sorted((v for v in values if len(v) >= MIN_SECRET_CHARS), key=len, reverse=True)


def redact(text: str, *secrets: str | None) -> str:
    """`text` with every known credential, the `secrets` given, and anything shaped like a key masked."""
    extra = [s for s in secrets if isinstance(s, str) and len(s) >= MIN_SECRET_CHARS]
    for secret in sorted(extra, key=len, reverse=True) + known_secrets():
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Masks credentials in a record's message, exception and stack text before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's to report, not ours
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters print exc_text; a handler that renders exc_info itself would print the raw one.
            record.exc_text, record.exc_info = redact(record.exc_text), None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactingFilter()

# The libraries that put a provider's error text (and so possibly its echo of the key) in their logs.
CARRIERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "instructor", "httpx", "openai")


def guard_logs(names: Iterable[str] = ()) -> None:
    """Put the redacting filter on the package's loggers, the carriers' and `names`, children included.

    A logger's filter sees only the records logged on that very logger, not its children's
    (`instructor.v2.retry` logs the provider's error, not `instructor`), so each logger that exists
    now gets its own; the model seam calls this before every call, once the libraries are imported.
    """
    roots = ("rewriter", *CARRIERS, *names)
    existing = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in roots]
    for name in {*roots, *existing}:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def guard_handler(handler: logging.Handler) -> None:
    """Put the redacting filter on a handler: every record it writes is masked, whatever its logger."""
    if _FILTER not in handler.filters:
        handler.addFilter(_FILTER)
