"""An installed wheel must find prompts/ without the source tree."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_prompts_and_uses_them(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("okr_rewriter-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "rewriter/_data/prompts/segment/system.fr.md" in names
    # The metric library and the word lists are package data too: the engine cannot run without them.
    assert "rewriter/library/metrics.yaml" in names
    assert "rewriter/library/words/verbs.yaml" in names
    assert any(n.startswith("rewriter/_data/prompts/examples/") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "OKR_REWRITER_PROMPTS"}
    env["PYTHONPATH"] = str(site)
    probe = "from rewriter import prompts; print(prompts.prompts_dir()); print(prompts.prompt_version())"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    assert out[0] == str(site / "rewriter" / "_data" / "prompts")
    # Same files, same version: the wheel's copy is byte-identical to prompts/.
    from rewriter import prompts

    assert out[1] == prompts.prompt_version(ROOT / "prompts")
