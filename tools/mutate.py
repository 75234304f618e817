"""`make mutate`: mutation testing (mutmut) of chosen modules against the tests that exercise them.

    python -m tools.mutate [MODULE ...]      e.g. components/identity.py aoai/live/verify_checks.py
    python -m tools.mutate --again           the last run's survivors, against the tests as they are now

Without modules: every module of components/, aoai/live/ and aoai/offline/ (hours on two cores).
Each module is mutated and only its tests run (TESTS below), so a run is bounded by what it names.
Prints killed/survived per module and the survivors; their diffs go to build/mutate/survivors.txt.
Not part of `make test` or CI: a full run takes hours.

Why a scratch folder (build/mutate): mutmut copies the sources into mutants/ and puts that folder
first on the import path, and names each mutant after its module. The library is imported as
`azure_openai_toolkit` but lives in components/ (pyproject's package-dir), so the scratch folder
holds it under its import name; otherwise the tests would import the editable install's
unmutated files, and the mutants (named components.*) would never run. The rest of the project
is linked in unchanged: tests read stacks, schema, docs and fixtures from the project root.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "build" / "mutate"
IMPORT_NAME = {"components": "azure_openai_toolkit"}  # folder -> the name it is imported by
MUTATED_FOLDERS = ("components", "aoai/live", "aoai/offline")
# Not copied into the scratch folder: caches, environments, earlier runs.
SKIPPED = {".git", ".venv", "build", "dist", "mutants", "site", ".mypy_cache", ".ruff_cache",
           ".pytest_cache", ".hypothesis", "__pycache__"}

# The config modules that read and merge files from outside, and the tests aimed at them: the
# readers' own (paths.py: the CLI's path tests; values, layering, project_config, keys, stack_file
# and environments have entries of their own in TESTS). Not the CLI's tests nor the hostile corpus
# (tests/hostile: every file through seven commands; a surviving mutant would pay minutes for them,
# and their refusals are the readers' checks, pinned by the modules' own *_mutants tests), nor the
# contract's rule tests (test_models.py, test_rules_mutants.py, ...), which load stacks through
# these modules but check no rule of theirs, nor tests/aoai/test_validate.py (it runs `python -m
# aoai` in another folder, where mutmut's switch cannot find its settings).
CONFIG_INPUT_MODULES = (
    "source", "loading", "placeholders", "paths", "errors",
)
CONFIG_INPUT_TESTS = (
    "tests/components/config/test_layering.py", "tests/components/config/test_loading.py",
    "tests/components/config/test_environments.py", "tests/components/config/test_values.py",
    "tests/components/config/test_project_config_schema.py",
)
# Messages, secret fields and the generated reference are about the contract's models: their tests too.
CONFIG_CONTRACT_MODULES = ("reporting", "secrets", "reference")
CONFIG_CONTRACT_TESTS = (
    *CONFIG_INPUT_TESTS, "tests/test_docs.py", "tests/components/config/test_models.py",
    "tests/components/config/test_types.py",
    "tests/components/config/test_schema.py", "tests/components/config/test_foundry_contract.py",
)

# The tests that exercise each module, by glob over module paths; the first matching entry wins.
# A module's own tests/**/test_<stem>_mutants.py (tests written to kill its mutants) always run.
TESTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("components/identity.py", (
        "tests/components/test_identity.py", "tests/components/test_role_naming.py",
        "tests/components/test_args.py", "tests/components/test_account.py",
        "tests/components/test_foundry.py",
    )),
    ("components/roles.py", (
        "tests/components/test_role_naming.py", "tests/components/test_identity.py",
        "tests/components/test_args.py", "tests/components/config/test_foundry_contract.py",
        "tests/aoai/test_export_registrations.py",
    )),
    ("components/config/rules.py", (
        "tests/components/config", "tests/components/test_args.py", "tests/components/test_network.py",
        "tests/components/test_account.py", "tests/components/test_monitoring.py",
        "tests/components/test_avm_inputs.py", "tests/policy",
    )),
    ("components/skus.py", (
        "tests/components/test_skus.py", "tests/components/config/test_models.py",
        "tests/components/test_placement.py", "tests/policy/test_rules.py",
    )),
    ("components/fine_tuned.py", (
        "tests/components/test_availability.py", "tests/components/test_catalog.py",
        "tests/components/test_catalog_sources.py", "tests/components/config/test_models.py",
    )),
    ("components/placement.py", (
        "tests/components/test_placement.py", "tests/components/test_placement_room.py",
        "tests/components/test_availability.py",
    )),
    ("components/availability.py", (
        "tests/components/test_availability.py", "tests/components/test_placement.py",
        "tests/components/test_placement_room.py", "tests/components/test_catalog.py",
    )),
    # The account and what it registers. Not the whole stacks' plans (tests/test_program.py,
    # test_environment.py): every test there reaches OpenAIAccount.__init__, and each of its
    # surviving mutants would pay for them all, for no rule of the account they check alone.
    ("components/account.py", (
        "tests/components/test_account.py", "tests/components/test_account_names.py",
        "tests/components/test_foundry.py", "tests/components/test_avm_inputs.py",
    )),
    ("components/network.py", (
        "tests/components/test_network.py", "tests/components/test_account.py",
        "tests/components/test_avm_inputs.py", "tests/components/test_environment.py",
        "tests/components/test_foundry.py", "tests/components/test_args.py",
    )),
    ("components/account_args.py", (
        "tests/components/test_args.py", "tests/components/test_account.py",
        "tests/components/test_account_names.py", "tests/components/test_avm_inputs.py",
        "tests/components/test_foundry.py", "tests/components/test_environment.py",
    )),
    # The checks of every component's Args (test_args.py; test_args_mutants.py, always run, holds
    # each kind of hint alone), and `build` (the stack door, the component provider). Not the
    # components' own tests: every one of them checks Args on the way, so each surviving mutant of
    # the checks would pay for them all, for no rule of the checks they pin.
    ("components/args.py", (
        "tests/components/test_args.py", "tests/components/test_stack_door.py",
        "tests/provider/test_package.py",
    )),
    ("components/catalog.py", (
        "tests/components/test_catalog.py", "tests/components/test_catalog_sources.py",
        "tests/components/test_catalog_choice.py", "tests/components/test_availability.py",
        "tests/components/test_placement.py",
    )),
    ("components/catalog_choice.py", (
        "tests/components/test_catalog_choice.py", "tests/aoai/test_catalog_choice_cli.py",
    )),
    # Not tests/aoai/test_validate.py: its subprocesses cannot run under mutmut.
    ("components/resolve.py", ("tests/components/test_placement.py", "tests/components/test_provisioned.py")),
    ("components/stack_args.py", (
        "tests/components/test_stack_door.py", "tests/components/test_environment.py",
        "tests/components/test_foundry.py", "tests/components/test_account_names.py", "tests/test_secrets.py",
    )),
    ("components/config/foundry*.py", (
        "tests/components/config/test_foundry_contract.py", "tests/components/test_foundry.py",
        "tests/components/test_args.py", "tests/components/config/test_models.py",
    )),
    ("components/package.py", ("tests/provider/test_package.py",)),
    # The bounded reader and the report's bounds: their edges are pinned by their own *_mutants
    # tests (the hostile corpus proves the same limits far past them, at a hundred times the cost).
    ("components/config/source.py", (
        "tests/components/config/test_loading.py", "tests/components/config/test_environments.py",
        "tests/components/config/test_project_config_schema.py",
    )),
    # libyaml's events -> nodes, under source.py's event checks: the loader's own tests and its
    # edges' (every stack file goes through it, so the readers' tests reach it too, at no gain).
    ("components/config/yaml_events.py", (
        "tests/components/config/test_loading.py", "tests/components/config/test_source_mutants.py",
    )),
    ("components/config/errors.py", ("tests/components/config/test_loading.py",)),
    ("components/config/paths.py", ("tests/aoai/test_hostile_paths.py",)),
    ("components/config/reference.py", ("tests/test_docs.py", "tests/components/config/test_schema.py")),
    # The values, the layers and Pulumi.yaml's config: the tests that check their rules (coverage
    # per test file: test_layering.py reaches 90% of layering.py and project_config.py and 94% of
    # values.py alone). Not the readers' other tests: every one of them reaches `from_plain`, `merge`
    # and the layering, so each surviving mutant would pay for them, for no rule they check.
    ("components/config/values.py", (
        "tests/components/config/test_values.py", "tests/components/config/test_layering.py",
        "tests/components/config/test_environments.py",
    )),
    # test_loading.py: the hint that a value may come from an environment aoai could not open.
    ("components/config/layering.py", (
        "tests/components/config/test_layering.py", "tests/components/config/test_loading.py",
    )),
    ("components/config/project_config.py", (
        "tests/components/config/test_project_config_schema.py", "tests/components/config/test_layering.py",
    )),
    # Three readers with tests of their own, and the layering tests that reach them through the
    # layers they read (Pulumi.yaml, the stack file, ESC). Not test_project_config_schema.py,
    # nor the other readers' tests, which reach them only on the way to their own rules.
    ("components/config/keys.py", (
        "tests/components/config/test_values.py", "tests/components/config/test_stack_file_mutants.py",
        "tests/components/config/test_layering.py",
    )),
    ("components/config/stack_file.py", (
        "tests/components/config/test_loading.py", "tests/components/config/test_layering.py",
    )),
    ("components/config/environments.py", (
        "tests/components/config/test_environments.py", "tests/components/config/test_layering.py",
    )),
    *((f"components/config/{stem}.py", CONFIG_INPUT_TESTS) for stem in CONFIG_INPUT_MODULES),
    *((f"components/config/{stem}.py", CONFIG_CONTRACT_TESTS) for stem in CONFIG_CONTRACT_MODULES),
    ("components/deployments.py", (
        "tests/components/test_deployments.py", "tests/components/test_account.py",
        "tests/components/test_args.py",
    )),
    ("components/content_filter.py", (
        "tests/components/test_content_filter.py", "tests/components/test_account.py",
        "tests/components/test_args.py",
    )),
    # test_foundry.py plans its fixture stack once per process (functools.cache); under mutmut the
    # tests' conftest now forgets it for each mutant, and the Foundry components have tests that
    # build them too.
    ("components/blocklists.py", (
        "tests/components/test_blocklists.py", "tests/components/test_content_filter.py",
        "tests/components/test_foundry.py", "tests/components/test_args.py",
    )),
    ("components/monitoring.py", (
        "tests/components/test_monitoring.py", "tests/components/test_account.py",
        "tests/components/test_args.py", "tests/components/test_avm_inputs.py",
    )),
    ("components/projects.py", (
        "tests/components/test_projects.py", "tests/components/test_foundry.py",
        "tests/components/test_args.py",
    )),
    ("components/connections.py", (
        "tests/components/test_connections.py", "tests/components/test_projects.py",
        "tests/components/test_foundry.py", "tests/components/test_args.py",
    )),
    ("components/provisioned.py", (
        "tests/components/test_provisioned.py", "tests/components/test_deployments.py",
        "tests/components/test_catalog.py",
    )),
    # Not test_program.py: it plans whole stacks, about 20 s a mutant of OpenAIEnvironment.
    ("components/environment.py", (
        "tests/components/test_environment.py", "tests/components/test_account_names.py",
    )),
    ("components/upgrade.py", ("tests/components/test_foundry.py", "tests/components/test_account.py")),
    # The rules called directly. Not the `aoai validate` tests (test_validate_advice.py): 5 s a
    # mutant; nor test_validate.py, whose `python -m aoai` child imports the mutants without mutmut.
    ("components/advice.py", ("tests/components/test_advice.py",)),
    ("components/secret_inputs.py", (
        "tests/test_secrets.py", "tests/test_secrets_avm_inputs.py", "tests/components/test_foundry.py",
    )),
    # The contract's models: the tests of its rules. Not the hostile stack files nor the loading,
    # layering and property tests (seconds to minutes per surviving mutant, for what the loader
    # holds before any model runs), nor test_validate.py, whose `python -m aoai` from another
    # folder cannot find mutmut's settings while it collects stats.
    ("components/config/models.py", (
        "tests/components/config/test_models.py", "tests/components/config/test_foundry_contract.py",
        "tests/components/config/test_azure_rules.py", "tests/components/config/test_types.py",
    )),
    ("components/config/types.py", (
        "tests/components/config/test_types.py", "tests/components/config/test_azure_rules.py",
        "tests/components/config/test_models.py", "tests/components/config/test_models_mutants.py",
        "tests/components/config/test_foundry_contract.py",
    )),
    # Validating a whole config in rounds: the tests that read which problems a bad config gets, at
    # which key paths (the rules' tests, the messages', the loader's and the layers' with files).
    # Not the property tests (hypothesis: seconds per surviving mutant, checking only that a
    # config validates or fails cleanly) nor the schema's tests, which validate nothing.
    ("components/config/validation.py", (
        "tests/components/config/test_models.py", "tests/components/config/test_models_mutants.py",
        "tests/components/config/test_azure_rules.py", "tests/components/config/test_types.py",
        "tests/components/config/test_rules_mutants.py", "tests/components/config/test_foundry_contract.py",
        "tests/components/config/test_reporting_mutants.py", "tests/components/config/test_loading.py",
        "tests/components/config/test_layering.py",
    )),
    ("components/config/schema.py", (
        "tests/components/config/test_schema.py", "tests/components/config/test_project_config_schema.py",
    )),
    ("components/config/*", ("tests/components/config", "tests/hostile", "tests/aoai/test_validate.py")),
    ("components/*", ("tests/components", "tests/test_program.py", "tests/test_secrets.py")),
    # The checks' own tests; the rest of tests/aoai/live is about fetching (client, faults).
    ("aoai/live/verify_checks.py", ("tests/aoai/test_verify.py", "tests/aoai/test_foundry_live.py")),
    ("aoai/live/preflight_checks.py", (
        "tests/aoai/test_preflight.py", "tests/aoai/live/test_preflight_checks.py",
        "tests/aoai/test_preflight_live_facts.py", "tests/aoai/test_foundry_live.py",
    )),
    # Kind and the Foundry upgrade: the Foundry live tests and the two checks' unit tests that
    # call these findings (the rest of tests/aoai/live is about fetching).
    ("aoai/live/upgrade_checks.py", (
        "tests/aoai/test_foundry_live.py", "tests/aoai/live/test_verify_checks_mutants.py",
        "tests/aoai/live/test_preflight_checks_mutants.py", "tests/aoai/live/test_codes.py",
    )),
    ("aoai/live/capacity.py", ("tests/aoai/test_place_live.py",)),
    # The report's shape and the codes' table (docs/reference/finding-codes.md is generated from
    # codes.py, and test_docs keeps it equal): no Azure needed.
    ("aoai/live/findings.py", ("tests/aoai/live/test_codes.py",)),
    ("aoai/live/codes.py", ("tests/aoai/live/test_codes.py", "tests/test_docs.py")),
    ("aoai/live/render.py", ("tests/aoai/test_preflight.py",)),
    ("aoai/live/facts.py", (
        "tests/aoai/live/test_subscription.py", "tests/aoai/test_preflight_live_facts.py",
    )),
    ("aoai/live/raw_lists.py", ("tests/aoai/live/test_raw_lists.py",)),
    # The reads of one subscription: which calls preflight and verify make through the fake ARM,
    # and the facts assembled from them (test_subscription_mutants.py). Not the commands' tests
    # (test_preflight.py, test_verify.py, test_foundry_live.py: a CLI run each, 2 to 3 minutes a
    # surviving mutant), which reach these reads only as these tests do.
    ("aoai/live/subscription.py", ("tests/aoai/live/test_subscription.py",)),
    ("aoai/live/boundary.py", ("tests/aoai/live/test_hostile_server.py", "tests/aoai/live/test_faults.py")),
    # Where credentials and requests go: the settings' own tests, the transport's (the trust they
    # choose) and the hostile server's (an http authority refused before any secret is sent).
    ("aoai/live/settings.py", (
        "tests/aoai/live/test_settings.py", "tests/aoai/live/test_transport.py",
        "tests/aoai/live/test_hostile_server.py",
    )),
    # The client's policies through the fake ARM: retries, deadlines, the throttle gate, the guard
    # on where tokens go, the pooled transport. Not the commands' tests: they reach it only as these.
    ("aoai/live/client.py", (
        "tests/aoai/live/test_faults.py", "tests/aoai/live/test_hostile_server.py",
        "tests/aoai/live/test_transport.py",
    )),
    # The failures' words and exit codes: the faults the fake injects, and the commands' guidance.
    ("aoai/live/errors.py", ("tests/aoai/live/test_faults.py", "tests/aoai/test_preflight.py")),
    # The bounded runner and the account read with its preview api-version: the faults, the reads
    # of one subscription, and the Foundry reads (the preview's fallback).
    ("aoai/live/fetch.py", (
        "tests/aoai/live/test_faults.py", "tests/aoai/live/test_subscription.py",
        "tests/aoai/live/test_subscription_mutants.py", "tests/aoai/test_foundry_live.py",
    )),
    # Several stacks in one run: preflight and verify --all through the fake ARM.
    ("aoai/live/runs.py", ("tests/aoai/test_live_all.py",)),
    # The live catalog: `aoai catalog refresh` through the fake ARM (the builder is reached only
    # through it; its *_mutants tests refresh literal models lists). Not the catalog's placement
    # or diff tests of components/.
    ("aoai/live/catalog_build.py", ("tests/aoai/test_catalog_refresh.py",)),
    ("aoai/live/catalog_refresh.py", (
        "tests/aoai/test_catalog_refresh.py", "tests/aoai/live/test_catalog_build_mutants.py",
    )),
    ("aoai/live/*", (
        "tests/aoai/live", "tests/aoai/test_preflight.py", "tests/aoai/test_verify.py",
        "tests/aoai/test_preflight_live_facts.py", "tests/aoai/test_foundry_live.py",
        "tests/aoai/test_live_all.py", "tests/aoai/test_catalog_refresh.py", "tests/aoai/test_place_live.py",
    )),
    # Secret values in a plan and in the ARM template: the tests of stacks with secure values.
    ("aoai/offline/secret_view.py", (
        "tests/aoai/test_export_arm_secrets.py", "tests/test_secrets.py",
        "tests/aoai/test_plan_against_state.py",
    )),
    ("aoai/offline/arm_parameters.py", ("tests/aoai/test_export_arm_secrets.py",)),
    ("aoai/offline/graph.py", ("tests/aoai/test_plan_formats.py",)),
    ("aoai/offline/state_export.py", ("tests/aoai/test_plan_against_state.py",)),
    # The modules that turn an already planned resource list into the tree, the JSON plan, the
    # diff and the ARM template: their own *_mutants tests on hand-built plans, and the tests of
    # the modules that call them. Not the tests that plan whole stacks (20 to 95 s a surviving
    # mutant, for lines the hand-built plans state one by one).
    ("aoai/offline/tree.py", ("tests/aoai/test_document_mutants.py",)),
    ("aoai/offline/document.py", ("tests/aoai/test_diff_mutants.py",)),
    ("aoai/offline/diff.py", ("tests/aoai/test_diff_view_mutants.py",)),
    ("aoai/offline/diff_view.py", ()),
    ("aoai/offline/arm.py", ()),
    # The mocks' answers and the policy report, called directly (their *_mutants tests).
    ("aoai/offline/mocks.py", ()),
    ("aoai/offline/policy.py", ()),
    # Small programs instead of stacks, and the fork test of its thread pool.
    ("aoai/offline/runner.py", ("tests/aoai/test_runner_fork.py",)),
    ("aoai/offline/plan.py", ()),
    # Its helpers in this process (main runs in a child interpreter, where no mutant is switched on).
    ("aoai/offline/isolated.py", ()),
    # Its reading of OTHER and its refusals on a small repository; the revision plans of
    # test_plan_against_git.py run in a child interpreter, where no mutant is switched on.
    ("aoai/offline/against.py", ()),  # one small fixture stack, and the masking of a hand-built run
    ("aoai/offline/resource_types.py", (
        "tests/aoai/test_diff_mutants.py", "tests/aoai/test_document_mutants.py",
        "tests/aoai/test_arm_mutants.py",
    )),
    ("aoai/offline/*", (
        "tests/aoai/test_plan_formats.py", "tests/aoai/test_plan_diff.py", "tests/aoai/test_plan_policy.py",
        "tests/aoai/test_plan_against_state.py", "tests/aoai/test_schema_and_plan.py",
        "tests/aoai/test_export_arm.py", "tests/aoai/test_export_registrations.py",
        "tests/aoai/test_runner_fork.py", "tests/test_program.py",
    )),
)

KILLED = {"killed", "timeout", "caught by type check"}
# What mutmut lists for a mutant it did not run this time (a --again run re-runs only survivors,
# and a test selection changed since the last run makes it forget the others' outcomes).
NOT_RUN = "not checked"


def main(argv: list[str]) -> int:
    again = argv == ["--again"]
    modules = _last_modules() if again else [_module_path(arg) for arg in argv] or _every_module()
    unknown = [m for m in modules if not (ROOT / m).is_file() or not m.startswith(MUTATED_FOLDERS)]
    if unknown or not modules:
        print(f"mutate: not a module of {', '.join(MUTATED_FOLDERS)}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    SCRATCH.parent.mkdir(exist_ok=True)
    lock = (SCRATCH.parent / "mutate.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("mutate: another `make mutate` runs in this worktree (build/mutate is its)", file=sys.stderr)
        return 1
    env = {**os.environ, "PYTHONPATH": str(SCRATCH / "mutants")}  # subprocesses import the mutants too
    mutmut = [sys.executable, "-m", "mutmut"]
    names: list[str] = []
    if again:
        # The last run's survivors against the tests as they are now (mutmut copies tests/ again
        # and collects the new tests' coverage), nothing else re-run.
        last = with_earlier_outcomes(_statuses(_listing(mutmut, env)), _saved_statuses())
        names = [n for r in _results_by_module(last).values() for n in r.survivors]
        if not names:
            print("mutate: the last run left no survivors")
            return 0
        # A *_mutants test file written since the last run is not in its test selection yet.
        _write_settings(modules, sorted({test for module in modules for test in tests_of(module)}))
    else:
        tests = sorted({test for module in modules for test in tests_of(module)})
        _prepare_scratch(modules, tests)
        print(f"mutate: {len(modules)} module(s), {len(tests)} test path(s)", flush=True)
    workers = os.environ.get("MUTATE_JOBS", "1")
    started = time.monotonic()
    code = subprocess.call([*mutmut, "run", "--max-children", workers, *names], cwd=SCRATCH, env=env)
    if code != 0:
        print(f"mutate: mutmut stopped with exit code {code}", file=sys.stderr)
        return code
    statuses = _statuses(_listing(mutmut, env))
    if again:
        statuses = with_earlier_outcomes(statuses, _saved_statuses())
    _save_statuses(statuses)
    results = _results_by_module(statuses)
    _report(modules, results, time.monotonic() - started)
    _write_survivor_diffs(results, env)
    return 0


def _listing(mutmut: list[str], env: dict[str, str]) -> str:
    """`mutmut results --all true`: one line per mutant, `<name>: <status>`."""
    return subprocess.run([*mutmut, "results", "--all", "true"], cwd=SCRATCH, env=env,
                          capture_output=True, text=True, check=True).stdout


def _last_modules() -> list[str]:
    listed = SCRATCH / "modules.txt"
    return listed.read_text().split() if listed.is_file() else []


def tests_of(module: str) -> list[str]:
    """The test paths run against `module`: its TESTS entry and its own *_mutants tests."""
    from fnmatch import fnmatch

    mapped = next((tests for pattern, tests in TESTS if fnmatch(module, pattern)), ("tests",))
    own_files = (ROOT / "tests").rglob(f"test_{Path(module).stem}_mutants.py")
    own = sorted(str(p.relative_to(ROOT)) for p in own_files)
    return [*mapped, *own]


def _module_path(arg: str) -> str:
    path = Path(arg)
    return str(path.resolve().relative_to(ROOT)) if path.is_absolute() else str(path)


def _every_module() -> list[str]:
    found: list[str] = []
    for folder in MUTATED_FOLDERS:
        pattern = "**/*.py" if folder == "components" else "*.py"
        found += [str(p.relative_to(ROOT)) for p in sorted((ROOT / folder).glob(pattern))]
    return [m for m in found if Path(m).name != "__init__.py"]


def _scratch_name(module: str) -> str:
    """Where `module` lives in the scratch folder (components/ under its import name)."""
    top, _, rest = module.partition("/")
    return f"{IMPORT_NAME.get(top, top)}/{rest}"


def _prepare_scratch(modules: list[str], tests: list[str]) -> None:
    """A fresh scratch folder: the project linked in, the library under its import name, and
    mutmut's settings."""
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    SCRATCH.mkdir(parents=True)
    copied = []
    for entry in sorted(ROOT.iterdir()):
        if entry.name in SKIPPED or entry.name.endswith(".egg-info"):
            continue
        (SCRATCH / entry.name).symlink_to(entry)
        if entry.name != "aoai":  # aoai is a source path: mutmut copies it itself
            copied.append(entry.name)
    (SCRATCH / IMPORT_NAME["components"]).symlink_to(ROOT / "components")
    _write_settings(modules, tests, copied)
    (SCRATCH / "modules.txt").write_text("\n".join(modules) + "\n")
    # Made before mutmut starts: a folder on PYTHONPATH that is missing at start-up stays
    # unimportable (the import system caches that it found nothing there).
    (SCRATCH / "mutants").mkdir()


def _write_settings(modules: list[str], tests: list[str], copied: list[str] | None = None) -> None:
    """mutmut's settings (setup.cfg; pyproject.toml has no [tool.mutmut], so mutmut reads it).
    Without `copied`, the folders copied by the last run (`also_copy`) are kept."""
    if copied is None:
        copied = [entry.name for entry in sorted(SCRATCH.iterdir())
                  if entry.is_symlink() and entry.name not in ("aoai", IMPORT_NAME["components"])]
    lines = [
        "[mutmut]",
        f"source_paths =\n    {IMPORT_NAME['components']}\n    aoai",
        "only_mutate =\n" + "\n".join(f"    {_scratch_name(m)}" for m in modules),
        "also_copy =\n" + "\n".join(f"    {name}" for name in copied),
        "pytest_add_cli_args_test_selection =\n" + "\n".join(f"    {t}" for t in tests),
        # -p no:cacheprovider: workers must not write .pytest_cache into the project.
        "pytest_add_cli_args =\n    -p\n    no:cacheprovider",
        "use_git_change_detection = false",
    ]
    (SCRATCH / "setup.cfg").write_text("\n".join(lines) + "\n")


@dataclass
class ModuleResult:
    statuses: Counter[str] = field(default_factory=Counter)
    survivors: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "skipped")

    @property
    def killed(self) -> int:
        return sum(self.statuses[status] for status in KILLED)


def _statuses(listing: str) -> dict[str, str]:
    """mutmut's listing as mutant name -> status."""
    found = (_RESULT_LINE.match(line) for line in listing.splitlines())
    return {match["name"]: match["status"].strip() for match in found if match}


def with_earlier_outcomes(now: dict[str, str], earlier: dict[str, str]) -> dict[str, str]:
    """A --again run's statuses, each mutant it did not run keeping its last run's outcome, so
    the report scores the module, not just the survivors re-run."""
    return {name: earlier.get(name, status) if status == NOT_RUN else status for name, status in now.items()}


def _saved_statuses() -> dict[str, str]:
    saved = SCRATCH / "statuses.json"
    return json.loads(saved.read_text()) if saved.is_file() else {}


def _save_statuses(statuses: dict[str, str]) -> None:
    (SCRATCH / "statuses.json").write_text(json.dumps(statuses, indent=1, sort_keys=True) + "\n")


_RESULT_LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+)$")
# The mangled function part of a mutant name: x_function or xǁClassǁmethod.
_FUNCTION_PART = re.compile(r"\.(x_|xǁ)")


def _results_by_module(statuses: dict[str, str]) -> dict[str, ModuleResult]:
    results: dict[str, ModuleResult] = defaultdict(ModuleResult)
    for name, status in statuses.items():
        dotted = _FUNCTION_PART.split(name, maxsplit=1)[0]
        top, _, rest = dotted.partition(".")
        folder = next((f for f, imported in IMPORT_NAME.items() if imported == top), top)
        module = f"{folder}/{rest.replace('.', '/')}.py"
        result = results[module]
        result.statuses[status] += 1
        if status == "survived":
            result.survivors.append(name)
        elif status == "no tests":
            result.uncovered.append(name)
    return results


def _report(modules: list[str], results: dict[str, ModuleResult], seconds: float) -> None:
    print()
    print(f"Mutation score, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min")
    columns = ("killed", "survived", "no tests", "other", "total", "score")
    print(f"{'module':45} " + " ".join(f"{c:>8}" for c in columns))
    for module in modules:
        r = results.get(module, ModuleResult())
        other = r.total - r.killed - r.statuses["survived"] - r.statuses["no tests"]
        score = f"{100 * r.killed / r.total:.0f}%" if r.total else "-"
        counts = (r.killed, r.statuses["survived"], r.statuses["no tests"], other, r.total, score)
        print(f"{module:45} " + " ".join(f"{c:>8}" for c in counts))
    for module in modules:
        r = results.get(module, ModuleResult())
        if r.survivors or r.uncovered:
            print(f"\n{module}:")
            for name in r.survivors:
                print(f"  survived  {name}")
            for name in r.uncovered:
                print(f"  no tests  {name}")


# One interpreter shows every diff: `mutmut show` per survivor starts mutmut again each time
# (seconds each, minutes for a module with a hundred survivors).
_SHOW_ALL = """
import sys
from mutmut.__main__ import find_mutant
from mutmut.mutation.diff_apply import get_diff_for_mutant
for name in sys.stdin.read().split():
    print(f"# {name}")
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
    print()
"""


def _write_survivor_diffs(results: dict[str, ModuleResult], env: dict[str, str]) -> None:
    out = SCRATCH / "survivors.txt"
    names = [name for result in results.values() for name in result.survivors + result.uncovered]
    shown = subprocess.run([sys.executable, "-c", _SHOW_ALL], cwd=SCRATCH, env=env, input="\n".join(names),
                           capture_output=True, text=True)
    failed = f"mutmut could not show the diffs:\n{shown.stderr}"
    out.write_text(shown.stdout if shown.returncode == 0 else failed)
    print(f"\nDiffs of the survivors: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
