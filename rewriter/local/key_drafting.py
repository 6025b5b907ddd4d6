"""Draft the JSON keys an answer is about to write, so llama.cpp checks them in one batch.

Under a grammar, a compact JSON answer spends about 45% of its tokens on keys and punctuation
(`","`, `metric`, `":"`) that the response schema makes (almost) certain. Decoding them one at a
time costs a full step each (~55 ms for the 1.5B on 2 cores); checking the guessed tokens in one
batch costs less (2 tokens: 85 ms, 3: ~110 ms). This drafter guesses only there: when the model has
just opened a key (its last token ends with the key's opening quote) or written `null`, it proposes
the next key of the schema's property order and, when the schema fixes it, the opening of its
value (`":"`, or `":[{"` and the first key of the items). Every token kept is still the model's
greedy choice under the grammar; a wrong guess is rejected and costs one slightly bigger batch. A
batch is computed with other float rounding than single steps, so a near-tie can flip: 3 of 6
benchmark answers differed by a few tokens (the eval baseline was re-recorded with drafting on).

Inside string values it drafts in two places only, where the next tokens are (nearly) fixed: the
rest of an enum value once one choice alone starts like what is written ("Aug" -> "menter"), and the
rest of a line of the user's message once a free-text value starts like that line (a deliverable
copied back as an initiative). An earlier version that copied whatever followed the answer's last
2–3 tokens anywhere in the message (metrics too) was slower, median 11.64 s against 10.87 s over 6
drafts in one run: most of those guesses were rejected, and one answer drifted to 241 tokens instead
of 166. Matching a whole line from its start is rarely wrong: x1.11 and x1.04 on the median in two
side-by-side runs (benchmarks/local_model.py, `keys` vs `tuned`), and a real eval run with it gave
the same pass rate and score as the baseline without it (39.3 %, 76.5).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Protocol

import numpy as np

Schema = dict[str, Any]


class Tokenizer(Protocol):
    def tokenize(self, text: bytes, add_bos: bool = True, special: bool = False) -> list[int]: ...

    def detokenize(self, tokens: list[int], prev_tokens: Any = None, special: bool = False) -> bytes: ...


def _resolve(node: Schema | None, root: Schema) -> Schema:
    """Follow `$ref` and a single-schema `allOf`; {} for unknown."""
    while node:
        if "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            node = root.get("$defs", {}).get(name)
        elif "allOf" in node and len(node["allOf"]) == 1:
            node = node["allOf"][0]
        else:
            return node
    return {}


def _value_opening(value: Schema, root: Schema) -> str:
    """What the schema fixes at the start of a value: '"' for a string, '[{"key":…' for a list of objects."""
    value = _resolve(value, root)
    if value.get("type") == "string":
        return '"'
    if value.get("type") == "array":
        items = _resolve(value.get("items"), root)
        if items.get("type") == "object" and items.get("properties"):
            first = next(iter(items["properties"]))
            return "[{" + _key_and_opening(items, first, root)
        return "["
    if value.get("type") == "object" and value.get("properties"):
        first = next(iter(value["properties"]))
        return "{" + _key_and_opening(value, first, root)
    return ""  # nullable, number, boolean: the model chooses


def _key_and_opening(obj: Schema, key: str, root: Schema) -> str:
    """'"key":' plus the value's fixed opening, starting with the key's opening quote."""
    return f'"{key}":' + _value_opening(obj["properties"][key], root)


class _Frame:
    __slots__ = ("is_object", "last_key", "schema", "want_key")

    def __init__(self, is_object: bool, schema: Schema) -> None:
        self.is_object = is_object
        self.schema = schema
        self.last_key: str | None = None
        self.want_key = is_object


_LITERALS = (b"null", b"true", b"false")


class JsonCursor:
    """Where a compact JSON answer being written against a schema stands, fed a few bytes at a time.

    Every structural character of JSON is ASCII and no byte of a multi-byte UTF-8 character is, so
    the answer can be fed token by token as raw bytes (a token may end mid-character).
    """

    def __init__(self, schema: Schema) -> None:
        self.root = schema
        self.stack: list[_Frame] = []
        self.pending: Schema = schema  # the schema of the next value to start
        self.in_string = self.is_key = self.escaped = False
        self.key_chars: list[str] = []
        self.value = bytearray()  # the string value being written, as raw JSON bytes
        self.value_schema: Schema = {}
        self.tail = b""  # the last bytes fed, to see a literal that just ended

    def feed(self, data: bytes) -> None:
        for byte in data:
            c = chr(byte)
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                elif c == "\\":
                    self.escaped = True
                elif c == '"':
                    self._close_string()
                elif self.is_key:
                    self.key_chars.append(c)
                if self.in_string and not self.is_key:
                    self.value.append(byte)
                continue
            if c == '"':
                self.in_string = True
                self.is_key = bool(self.stack) and self.stack[-1].is_object and self.stack[-1].want_key
                if self.is_key:
                    self.stack[-1].want_key = False
                self.key_chars = []
                self.value.clear()
                self.value_schema = self.pending
            elif c == "{":
                self.stack.append(_Frame(True, _resolve(self.pending, self.root)))
            elif c == "[":
                array = _resolve(self.pending, self.root)
                self.stack.append(_Frame(False, array))
                self.pending = _resolve(array.get("items"), self.root)
            elif c in "}]":
                if self.stack:
                    self.stack.pop()
            elif c == "," and self.stack:
                if self.stack[-1].is_object:
                    self.stack[-1].want_key = True
                else:
                    self.pending = _resolve(self.stack[-1].schema.get("items"), self.root)
        self.tail = (self.tail + data)[-8:]

    def _close_string(self) -> None:
        self.in_string = False
        if self.is_key:
            frame = self.stack[-1]
            frame.last_key = "".join(self.key_chars)
            self.pending = _resolve(frame.schema.get("properties", {}).get(frame.last_key), self.root)

    def next_key_text(self) -> str:
        """The text likely to follow when the answer ends with a key's opening quote or a literal, else ''.

        The guess is the property after the last one written in the current object (schema order),
        with its value's fixed opening.
        """
        after_literal = not self.in_string and self.tail.endswith(_LITERALS)
        opened_key = self.in_string and self.is_key and not self.key_chars
        if not self.stack or not (opened_key or after_literal):
            return ""
        frame = self.stack[-1]
        if after_literal and not (frame.is_object and not frame.want_key and frame.last_key):
            return ""
        keys = list(frame.schema.get("properties", {}))
        if frame.last_key is None:
            position = 0
        elif frame.last_key in keys:
            position = keys.index(frame.last_key) + 1
        else:
            return ""
        if position >= len(keys):
            return ""
        text = _key_and_opening(frame.schema, keys[position], self.root)
        # After null/true/false the comma comes next; after an opening quote, the model's last token
        # already holds the comma and the quote.
        return "," + text if after_literal else text[1:]

    def open_value(self) -> str | None:
        """The string value being written, decoded; None when not in one or cut mid-character."""
        if not (self.in_string and not self.is_key) or self.escaped:
            return None
        if self.value_schema.get("type") != "string":
            return None
        try:
            return str(json.loads(b'"' + bytes(self.value) + b'"'))
        except ValueError:  # a token ended inside a UTF-8 character or an escape
            return None


def next_key_text(answer: str, schema: Schema) -> str:
    """The text likely to follow `answer` (compact JSON written against `schema`); see JsonCursor."""
    cursor = JsonCursor(schema)
    cursor.feed(answer.encode("utf-8"))
    return cursor.next_key_text()


# A batch of 8 or more tokens switches llama.cpp to another kernel and costs ~120 ms more than one of
# 7 (2-core dev machine: 1 token 60 ms, 7 tokens 229 ms, 8 tokens 349 ms), so at most 6 tokens are
# drafted at a time (with the token before them, a batch of 7); a longer copy goes on at the next step.
MAX_DRAFT_TOKENS = 6
# A line's leading bullet, numbering or short label ("- ", "2. ", "KR1 : ", "Objective: ").
_LINE_LABEL = re.compile(r"^\s*(?:[-*•·–]\s*|\d+[.)]\s*)?(?:[^\W\d]{1,12}\s?\d{0,2}\s*:\s*)?")


def copy_lines(source: str) -> list[str]:
    """The lines of `source` that an answer may copy, leading bullets and labels removed."""
    lines = (_LINE_LABEL.sub("", line, count=1).strip() for line in source.splitlines())
    return [line for line in lines if line]


class KeyDrafter:
    """A llama-cpp-python draft model: `begin()` before each answer, then called with the context.

    Besides the keys, when `begin()` is given the user's message (`source`), it drafts the rest of a
    line of that message as soon as a free-text value starts like it: deliverables come back verbatim
    as initiatives, and those tokens are then checked 6 at a time instead of decoded one by one.
    Enum values (the verbs) are finished the same way once one choice alone fits.
    """

    def __init__(self) -> None:
        self.tokenizer: Tokenizer | None = None
        self.schema: Schema | None = None
        self.answer_start = 0
        self._cursor: JsonCursor | None = None
        self._fed = 0
        self._bytes: dict[int, bytes] = {}
        self._drafts: dict[str, np.ndarray[Any, Any]] = {}
        self._lines: list[str] = []
        self._answer = bytearray()

    def begin(
        self, tokenizer: Tokenizer, schema: Schema | None, prompt_tokens: int, source: str | None = None
    ) -> None:
        if schema is not self.schema:
            self._drafts.clear()
        self.tokenizer, self.schema, self.answer_start = tokenizer, schema, prompt_tokens
        self._cursor = JsonCursor(schema) if schema is not None else None
        self._fed = prompt_tokens
        self._lines = copy_lines(source) if source else []
        self._answer = bytearray()

    def _token_bytes(self, token: int) -> bytes:
        assert self.tokenizer is not None
        if token not in self._bytes:
            self._bytes[token] = self.tokenizer.detokenize([token])
        return self._bytes[token]

    def _tokens(self, text: str) -> np.ndarray[Any, Any]:
        assert self.tokenizer is not None
        ids = self.tokenizer.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        return np.array(ids, dtype=np.intc)

    def value_text(self, cursor: JsonCursor) -> str:
        """The likely rest of the string value being written, through its closing quote and the next key.

        Two cases only, where the model's next tokens are (nearly) fixed: an enum value that one choice
        alone starts like, and a free-text value that starts like a source line not yet copied whole.
        """
        written = cursor.open_value()
        if not written:
            return ""
        choices = cursor.value_schema.get("enum")
        if choices is not None:
            matches = [c for c in choices if isinstance(c, str) and c.startswith(written)]
            whole = matches[0] if len(matches) == 1 else None
        else:
            whole = next(
                (line for line in self._lines if line.startswith(written) and not self._copied(line)), None
            )
        if whole is None or len(whole) == len(written):
            return ""
        rest = json.dumps(whole[len(written) :], ensure_ascii=False)[1:]  # escaped, with the closing quote
        after = copy.deepcopy(cursor)
        after.feed(rest.encode("utf-8") + b',"')
        key = after.next_key_text()
        return rest + (',"' + key if key else "")

    def _copied(self, line: str) -> bool:
        return json.dumps(line, ensure_ascii=False).encode("utf-8") in self._answer

    def __call__(self, input_ids: np.ndarray[Any, Any], /, **kwargs: Any) -> np.ndarray[Any, Any]:
        nothing = np.array([], dtype=np.intc)
        cursor = self._cursor
        if self.tokenizer is None or cursor is None:  # no schema, no cursor
            return nothing
        if input_ids.shape[0] <= self.answer_start or input_ids.shape[0] < self._fed:
            return nothing
        # Accepted tokens are never taken back, so the cursor only reads the new ones.
        for token in input_ids[self._fed :].tolist():
            data = self._token_bytes(int(token))
            cursor.feed(data)
            self._answer += data
        self._fed = input_ids.shape[0]
        guess = cursor.next_key_text()
        if guess:
            if guess not in self._drafts:
                self._drafts[guess] = self._tokens(guess)
            draft = self._drafts[guess]
        else:
            text = self.value_text(cursor)
            draft = self._tokens(text) if text else nothing
        return draft[:MAX_DRAFT_TOKENS]
