"""Checks run before loading a model, so a user gets a sentence to act on instead of a crash.

llama.cpp is built for AVX2 (see the Makefile): on a CPU without it the process dies with SIGILL,
which no Python code can catch. And a model that does not fit in RAM gets the process OOM-killed
half-way through loading. Both are checked from /proc up front.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from rewriter.local.catalog import LocalModel
from rewriter.local.weights import LocalModelError

# Measured on the 1.5B: RSS ≈ 1.5 × the GGUF file (weights, compute buffers, logits) plus the KV cache.
MEMORY_FACTOR = 1.5
# f16 K and V for every layer; the largest of our models (Qwen2.5 1.5B: 28 layers × 2 × 256 × 2 bytes).
KV_BYTES_PER_TOKEN = 28 * 2 * 256 * 2


class UnsupportedCPUError(LocalModelError):
    """The CPU lacks an instruction set the llama.cpp build needs."""


class NotEnoughMemoryError(LocalModelError):
    """Loading the model would exceed the memory available."""


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str] | None:
    """The CPU's feature flags, or None where /proc/cpuinfo does not exist or says nothing about them."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return set(value.split())
    return None


def check_cpu(cpuinfo: Path = Path("/proc/cpuinfo"), machine: str | None = None) -> None:
    """Raise UnsupportedCPUError on an x86-64 CPU without AVX2; other architectures are left to llama.cpp."""
    machine = machine or platform.machine()
    if machine.lower() not in {"x86_64", "amd64"}:
        return
    flags = cpu_flags(cpuinfo)
    if flags is None:
        return
    missing = sorted({"avx2", "fma"} - flags)
    if missing:
        raise UnsupportedCPUError(
            f"this CPU lacks {', '.join(missing).upper()}, which the embedded model's llama.cpp build needs "
            "(it would crash with an illegal instruction). Use a hosted model instead (--model, or "
            "OKR_REWRITER_MODEL, e.g. an OpenAI or Mistral model), or rebuild llama-cpp-python without "
            "those flags: CMAKE_ARGS='-DGGML_NATIVE=ON' pip install --force-reinstall --no-binary :all: "
            "llama-cpp-python==0.3.36"
        )


def mem_available(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """MemAvailable in bytes, or None when the system does not report it."""
    try:
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def memory_needed(model: LocalModel, n_ctx: int) -> int:
    return int(model.size * MEMORY_FACTOR) + n_ctx * KV_BYTES_PER_TOKEN


def check_memory(model: LocalModel, n_ctx: int, meminfo: Path = Path("/proc/meminfo")) -> None:
    """Raise NotEnoughMemoryError when the estimate exceeds MemAvailable (skipped where it is unknown)."""
    available = mem_available(meminfo)
    if available is None or os.environ.get("OKR_REWRITER_SKIP_MEMORY_CHECK"):
        return
    needed = memory_needed(model, n_ctx)
    if needed > available:
        raise NotEnoughMemoryError(
            f"local/{model.name} needs about {needed / 1e9:.1f} GB of RAM (model {model.size / 1e9:.2f} GB "
            f"× {MEMORY_FACTOR} + a {n_ctx}-token context) but only {available / 1e9:.1f} GB is available. "
            "Close other programs, pick a smaller model (local/qwen2.5-coder-0.5b), lower "
            "OKR_REWRITER_CTX, or set OKR_REWRITER_SKIP_MEMORY_CHECK=1 to try anyway."
        )
