"""Why a batch file cannot be read, or its output written: typed errors with a message a user can act on.

The message (`str(error)`) is English and names the path as the user gave it: the CLI prints it and the
Python API raises it. `code` and `details` say the same for a front end that shows it in another language
or without the path (the web app names an upload by its own file name, never the server's temporary folder).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any, Literal

# One code per thing the user has to do differently; the web app has a message for each, in each language.
FileProblem = Literal[
    "format",
    "xls",
    "missing",
    "folder",
    "permission",
    "unreadable",
    "too_big",
    "encoding",
    "binary",
    "not_utf8",
    "empty",
    "no_rows",
    "too_many_rows",
    "malformed_csv",
    "damaged_xlsx",
    "no_sheet",
    "invalid_json",
    "too_deep",
    "json_shape",
    "no_usable_line",
    "no_columns",
    "no_such_column",
    "columns_empty",
    "no_draft_column",
    "no_fields",
    "usage",
    "checkpoint",
    "output_format",
    "output_folder",
    "output_permission",
    "output_full",
    "output_unwritable",
]
FILE_PROBLEMS: tuple[str, ...] = FileProblem.__args__  # type: ignore[attr-defined]
# The values a message may name besides the file's `name`; each code's details are among these.
DETAIL_NAMES = frozenset(
    {"size_mb", "limit_mb", "limit", "encoding", "position", "line", "column", "columns", "sheet", "sheets"}
)


class FileError(ValueError):
    """The file as a whole cannot be read as a batch; the message says why and what to do.

    `code` names the problem, `details` its values (`line`, `columns`…), and `columns` the file's columns
    when they were read: a front end offers them to choose the draft column from.
    """

    def __init__(
        self,
        message: str,
        *,
        code: FileProblem = "unreadable",
        columns: list[str] | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.code: FileProblem = code
        self.columns = columns or []
        self.details = details


class OutputError(FileError, OSError):
    """An output file cannot be written (read-only folder, full disk, a folder in the way).

    Also an `OSError`, as the failed write was, so code that caught that still catches this: `errno` is the
    failed call's, `filename` the file being written. Drafts already finished are in the checkpoint when the
    message says so.
    """

    def __init__(
        self,
        message: str,
        *,
        code: FileProblem,
        errno: int | None = None,
        filename: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message, code=code, **details)
        self.errno = errno
        self.filename = filename

    def __str__(self) -> str:
        # OSError's own form ("[Errno 28] None: 'out.csv'") would hide the message.
        return str(self.args[0])


def output_error(path: str | Path, exc: OSError, *, what: str = "", after: str = "") -> OutputError:
    """An `OutputError` for `exc`, raised while writing `path` (`what` it is, e.g. "the checkpoint");
    `after` is appended: what was kept, how to go on."""
    target = Path(path)
    named = f"{what} {target}" if what else str(target)
    tail = f"; {after}" if after else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        code: FileProblem = "output_full"
        why = "no space left on the disk (or over the disk quota)"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        code = "output_permission"
        why = "permission denied"
    elif exc.errno == errno.EROFS:
        code = "output_permission"
        why = "permission denied (read-only file system)"
    elif exc.errno == errno.EISDIR and target.is_dir():
        return OutputError(
            f"{target} is a folder, not a file: name the output file (e.g. {target / 'rewrites.csv'}){tail}",
            code="output_folder",
            errno=exc.errno,
            filename=str(target),
        )
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        code = "output_unwritable"
        why = f"{_blocking_file(target.parent)} is a file, not a folder"
    else:
        code = "output_unwritable"
        why = exc.strerror or type(exc).__name__
    return OutputError(f"cannot write {named}: {why}{tail}", code=code, errno=exc.errno, filename=str(target))


def _blocking_file(folder: Path) -> Path:
    """The first part of `folder` that exists as a file, which keeps the folder from being made."""
    for part in (*reversed(folder.parents), folder):
        if part.exists() and not part.is_dir():
            return part
    return folder
