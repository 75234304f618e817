"""The README's configuration reference is the one generated from the models."""

from __future__ import annotations

from components.config.reference import markdown_reference
from tests.conftest import PROJECT_ROOT

START, END = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"


def test_readme_configuration_reference_matches_the_code() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = readme.split(START, 1)[1].split(END, 1)[0]
    assert documented == markdown_reference(), (
        "regenerate the README section with: python -m aoai schema --markdown"
    )


def test_readme_names_the_two_setup_commands_that_ci_uses() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make plan" in readme and "make test" in readme
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
