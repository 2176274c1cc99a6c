"""The built wheel is complete: installed alone in a fresh virtual environment, it works.

An editable install reads the model straight from src/, so a model file left out of the
package data would go unnoticed by every other test.  This one builds the wheel from a
copy of the source tree, installs it into a new venv without system site-packages, and
runs the installed ``zhfix`` on the bundled example.  It takes a minute or two; skip it
locally with ``pytest -m "not slow"``.  CI runs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "zhfix"
SEED = ROOT / "examples" / "seed.txt"

#: Not part of the source a wheel is built from.
_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    "*.so",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "corpus",
)


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _shipped_package_files() -> list[str]:
    """Paths, relative to src/, of the data files the package must carry."""
    return sorted(
        str(p.relative_to(PACKAGE.parent))
        for p in (PACKAGE / "data").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ) + ["zhfix/py.typed"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE, symlinks=True)
    _run(sys.executable, "-m", "build", "--wheel", "--outdir", base / "dist", source)
    (built,) = (base / "dist").glob("zhfix-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", env)
    _run(env / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    return env


def test_the_wheel_carries_the_model_and_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in _shipped_package_files() if f not in names]
    assert not missing, f"left out of {wheel.name}: {missing}"


def test_the_wheel_carries_every_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted(
        str(p.relative_to(PACKAGE.parent))
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert [m for m in modules if m not in names] == []


def test_the_installed_command_repairs_the_bundled_example(venv: Path, tmp_path: Path) -> None:
    # Run from an empty folder, so that nothing can be imported from the source tree.
    result = _run(venv / "bin" / "zhfix", SEED, cwd=tmp_path)
    assert "推进会，会议传达" in result.stdout
    assert "推进会袁会议" not in result.stdout


def test_the_installed_package_is_the_wheel_not_the_source(venv: Path, tmp_path: Path) -> None:
    script = "import sys, zhfix; print(zhfix.__file__); print(zhfix.fix_text(sys.argv[1]))"
    result = _run(
        venv / "bin" / "python", "-c", script, "会议指出袁要切实提高政治站位遥", cwd=tmp_path
    )
    location, repaired = result.stdout.splitlines()
    assert Path(location).is_relative_to(venv)
    assert repaired == "会议指出，要切实提高政治站位。"
