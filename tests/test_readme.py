"""The README tells the truth: its opening commands and its example are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import zhfix

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _opening_commands() -> list[str]:
    return [line.strip() for line in README.splitlines()[:2]]


def test_readme_opens_with_the_example_command_then_the_test_command() -> None:
    run_example, run_tests = _opening_commands()
    assert run_example.startswith("python3 -m venv .venv && ")
    assert run_tests.startswith("python3 -m venv .venv && ")
    assert "'.[dev,pdf]'" in run_tests
    assert shlex.split(run_tests)[-2:] == [".venv/bin/pytest", "-q"]


def test_the_example_command_runs_zhfix_on_a_bundled_file() -> None:
    run_example = _opening_commands()[0]
    program, target = shlex.split(run_example)[-2:]
    assert program == ".venv/bin/zhfix"
    assert (ROOT / target).is_file()


def test_ci_takes_its_test_command_from_the_readme() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    code = [line for line in ci.splitlines() if not line.lstrip().startswith("#")]
    assert "test_command=$(sed -n '2{s/^ *//;p}' README.md)" in code
    assert 'bash -c "$test_command" </dev/null' in code
    assert not [line for line in code if "bin/pytest" in line], "CI must not run its own pytest"


def test_the_before_and_after_example_is_what_zhfix_does() -> None:
    match = re.search(
        r"Before, as copied out of the PDF:\n\n    (.+)\n\nAfter `zhfix`:\n\n    (.+)\n", README
    )
    assert match, "the README's before/after example has moved"
    before, after = match.groups()
    assert zhfix.fix_text(before) == after
