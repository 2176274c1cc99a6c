"""Command options: detection's exit status, the restore's year, the version, option
pairs that do not go together, and input cut short inside a UTF-8 character."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zhfix
from zhfix import cli

DAMAGED = "会议指出袁要切实提高政治站位遥\n"
CLEAN = "会议指出，要切实提高政治站位。\n"


def zhfix_cmd(*args: str | Path) -> int:
    """Run the command in this process; its exit status (usage errors raise SystemExit)."""
    try:
        return cli.main([str(a) for a in args])
    except SystemExit as e:
        return int(e.code or 0)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def one_error_line(err: str, *words: str) -> None:
    assert err.count("\n") == 1 and err.startswith("zhfix: error: "), err
    for w in words:
        assert w in err


def test_fail_on_damage_exits_1_for_damaged_and_0_for_clean_input(
    damaged: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhfix_cmd("--detect", "--fail-on-damage", damaged) == cli.EXIT_DAMAGED == 1
    assert zhfix_cmd("--detect", "--fail-on-damage", clean) == 0
    assert zhfix_cmd("--detect", "--fail-on-damage", clean, damaged) == 1
    assert zhfix_cmd("--detect", damaged) == 0  # without it, detection is only a report
    assert "damaged" in capsys.readouterr().out


def test_fail_on_damage_keeps_the_json_report(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhfix_cmd("--detect", "--json", "--fail-on-damage", damaged) == 1
    assert json.loads(capsys.readouterr().out)["damaged"] is True


def test_year_dates_articles_whose_page_has_no_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("本报讯 6 月 6 日袁我县召开脱贫攻坚问题整改推进会遥\n", encoding="utf-8")
    assert zhfix_cmd("--json", "--year", "2020", page) == 0
    assert json.loads(capsys.readouterr().out)["articles"][0]["date"] == "2020-06-06"
    assert zhfix_cmd("--json", page) == 0
    assert json.loads(capsys.readouterr().out)["articles"][0]["date"] == "--06-06"


@pytest.mark.parametrize("year", ["20x", "0", "12345"])
def test_a_bad_year_is_refused(
    year: str, damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhfix_cmd("--year", year, damaged) == 2
    one_error_line(capsys.readouterr().err, "--year")


def test_dash_capital_v_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert zhfix_cmd("-V") == 0
    assert capsys.readouterr().out.strip() == f"zhfix {zhfix.__version__}"


@pytest.mark.parametrize(
    "options",
    [
        ["--detect", "--explain"],
        ["--detect", "--chars-only"],
        ["--detect", "--year", "2020"],
        ["--detect", "-o", "out.txt"],
        ["--fail-on-damage"],
        ["--chars-only", "--year", "2020"],
        ["--in-place", "--errors", "replace"],
    ],
)
def test_options_that_do_not_go_together_are_refused(
    options: list[str], damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhfix_cmd(*options, damaged) == 2
    one_error_line(capsys.readouterr().err, options[0])
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_input_cut_inside_a_utf8_character_is_named_and_can_be_salvaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_bytes(DAMAGED.strip().encode() + "会".encode()[:2])
    assert zhfix_cmd("--chars-only", cut) == 2
    one_error_line(capsys.readouterr().err, "cut.txt", "inside a UTF-8 character", "--errors")
    assert zhfix_cmd("--chars-only", "--errors", "replace", cut) == 0
    assert capsys.readouterr().out == CLEAN.strip() + "\ufffd"


def test_errors_replace_salvages_a_named_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(DAMAGED.encode("gbk") + b"\xff")
    assert zhfix_cmd("--chars-only", "--encoding", "gbk", bad) == 2
    capsys.readouterr()
    assert zhfix_cmd("--chars-only", "--encoding", "gbk", "--errors", "replace", bad) == 0
    assert capsys.readouterr().out.startswith(CLEAN.strip())
