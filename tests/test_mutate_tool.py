"""tools/mutate.py (`make mutate`): its map of tests and how it reads mutmut's results.

Running mutmut itself takes minutes per module, so it is not part of the suite; these tests keep
the map from going stale (a renamed test file would silently shrink a module's tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tools import mutate


def test_every_mapped_test_path_exists() -> None:
    missing = [path for _, paths in mutate.TESTS for path in paths if not (PROJECT_ROOT / path).exists()]
    assert missing == []


def test_a_module_gets_its_entry_and_its_own_mutant_tests() -> None:
    tests = mutate.tests_of("components/identity.py")
    assert tests[0] == "tests/components/test_identity.py"
    assert tests[-1] == "tests/components/test_identity_mutants.py"
    # No entry of its own: the folder's entry.
    assert mutate.tests_of("components/config/not_mapped.py")[:1] == ["tests/components/config"]
    assert mutate.tests_of("aoai/offline/graph.py")[:1] == ["tests/aoai/test_plan_formats.py"]


def test_every_module_is_of_the_three_folders_and_no_package_init() -> None:
    modules = mutate._every_module()
    assert "components/identity.py" in modules
    assert "components/config/rules.py" in modules
    assert "aoai/live/verify_checks.py" in modules
    assert "aoai/offline/runner.py" in modules
    assert not [m for m in modules if m.endswith("__init__.py") or m.startswith("aoai/commands")]


def test_results_are_counted_per_module_with_the_library_under_its_folder_name() -> None:
    listing = "\n".join(
        [
            "    azure_openai_toolkit.identity.x_identity_args__mutmut_1: killed",
            "    azure_openai_toolkit.identity.xǁRoleAssignmentsǁ__init____mutmut_3: survived",
            "    azure_openai_toolkit.config.rules.x_network_rules__mutmut_9: timeout",
            "    aoai.live.verify_checks.x_check__mutmut_2: no tests",
            "not a result line",
        ]
    )
    results = mutate._results_by_module(mutate._statuses(listing))
    modules = ["aoai/live/verify_checks.py", "components/config/rules.py", "components/identity.py"]
    assert sorted(results) == modules
    identity = results["components/identity.py"]
    assert (identity.killed, identity.total) == (1, 2)
    assert identity.survivors == ["azure_openai_toolkit.identity.xǁRoleAssignmentsǁ__init____mutmut_3"]
    assert results["components/config/rules.py"].killed == 1  # a timeout is a detected mutant
    assert results["aoai/live/verify_checks.py"].uncovered == ["aoai.live.verify_checks.x_check__mutmut_2"]
    assert results["aoai/live/verify_checks.py"].killed == 0


def test_the_again_settings_take_new_mutant_tests_and_keep_the_copied_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scratch folder as a first run leaves it: the project's entries linked in, aoai and the
    # library (mutmut's source paths) among them, plus mutmut's own folder.
    monkeypatch.setattr(mutate, "SCRATCH", tmp_path)
    target = tmp_path.parent / f"{tmp_path.name}-project"
    target.mkdir()
    for name in ("aoai", "azure_openai_toolkit", "components", "tests"):
        (tmp_path / name).symlink_to(target)
    (tmp_path / "mutants").mkdir()
    mutate._write_settings(["components/skus.py"], ["tests/a.py", "tests/components/test_skus_mutants.py"])
    text = (tmp_path / "setup.cfg").read_text()
    assert "also_copy =\n    components\n    tests\n" in text
    selection = "    tests/a.py\n    tests/components/test_skus_mutants.py\n"
    assert f"pytest_add_cli_args_test_selection =\n{selection}" in text
    assert "only_mutate =\n    azure_openai_toolkit/skus.py\n" in text


def test_an_again_run_keeps_the_outcomes_of_the_mutants_it_did_not_run() -> None:
    # mutmut lists "not checked" for every mutant a --again run did not re-run (all but the last
    # survivors, or all of them when the test selection changed): their last outcome stands.
    earlier = {"m.x_f__mutmut_1": "killed", "m.x_f__mutmut_2": "survived", "m.x_f__mutmut_3": "timeout"}
    now = {"m.x_f__mutmut_1": "not checked", "m.x_f__mutmut_2": "killed", "m.x_f__mutmut_3": "not checked",
           "m.x_f__mutmut_4": "not checked"}
    assert mutate.with_earlier_outcomes(now, earlier) == {
        "m.x_f__mutmut_1": "killed",
        "m.x_f__mutmut_2": "killed",
        "m.x_f__mutmut_3": "timeout",
        "m.x_f__mutmut_4": "not checked",  # never run: stays unknown, counted as "other"
    }
