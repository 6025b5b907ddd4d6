import json
from pathlib import Path

import pytest

from rewriter import prompts


def test_prompts_are_found_in_the_source_tree() -> None:
    root = prompts.prompts_dir()
    assert (root / "system.fr.md").is_file()
    assert (root / "system.en.md").is_file()


def test_missing_template_variable_is_an_error() -> None:
    with pytest.raises(prompts.PromptError, match="'draft'"):
        prompts.render("user.fr.md", hints="- aucun")


def test_version_is_a_content_hash_that_changes_with_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "RECHECK_S", 0.0)
    (tmp_path / "system.fr.md").write_text("Bonjour $name", encoding="utf-8")
    first = prompts.prompt_version(tmp_path)
    assert first == prompts.prompt_version(tmp_path)
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "fr-a.json").write_text(
        json.dumps({"draft": "d", "answer": {}}), encoding="utf-8"
    )
    second = prompts.prompt_version(tmp_path)
    assert second != first
    assert prompts.render("system.fr.md", root=tmp_path, name="Léa") == "Bonjour Léa"


def test_version_is_reused_for_a_moment_instead_of_relisting_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "RECHECK_S", 3600.0)
    (tmp_path / "system.fr.md").write_text("v1", encoding="utf-8")
    first = prompts.prompt_version(tmp_path)
    (tmp_path / "system.fr.md").write_text("version 2", encoding="utf-8")
    assert prompts.prompt_version(tmp_path) == first
    monkeypatch.setattr(prompts, "RECHECK_S", 0.0)
    assert prompts.prompt_version(tmp_path) != first


def test_env_variable_points_at_another_prompt_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(prompts.PROMPTS_ENV, str(tmp_path))
    assert prompts.prompts_dir() == tmp_path


def test_every_example_of_the_bank_is_well_formed_and_shot_examples_exist_per_language() -> None:
    for lang in ("fr", "en"):
        bank = prompts.examples(lang)
        assert bank, f"no example for {lang}"
        assert any(e.get("shot") for e in bank), f"no few-shot example for {lang}"
