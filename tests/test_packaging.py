"""The built artifacts ship the whole package: the sdist, the wheel built from the tree (``pip install
.``) and the wheel built from the sdist (``python -m build``, ``pip install openai_compat-*.tar.gz``).

Each is built once per session by setuptools' PEP 517 hooks, in a copy of the checkout so the build
leaves nothing in the working tree. ``scripts/check-package`` goes further (clean virtualenvs, a
call, type checkers).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "openai_compat"
_MARK = "artifact: "
# What the copy leaves out: version control, virtualenvs, tools, caches and earlier build output.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", ".tools", "build", "dist", "*.egg-info", "__pycache__", "*.py[cod]", ".*_cache", ".hypothesis"
)


def _source_files() -> Set[str]:
    """Every module and ``py.typed`` under the package, as POSIX paths relative to the checkout."""
    files = {path for path in (ROOT / PACKAGE).rglob("*.py") if "__pycache__" not in path.parts}
    files.add(ROOT / PACKAGE / "py.typed")
    return {path.relative_to(ROOT).as_posix() for path in files}


def _build(hook: str, source_dir: Path, out_dir: Path) -> Path:
    """Run a setuptools PEP 517 hook (``build_sdist`` or ``build_wheel``) in a child interpreter."""
    out_dir.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys, setuptools.build_meta as backend; "
        f"print({_MARK!r} + getattr(backend, sys.argv[1])(sys.argv[2]))"
    )
    command = [sys.executable, "-c", code, hook, str(out_dir)]
    done = subprocess.run(command, check=False, cwd=source_dir, capture_output=True, text=True)
    assert done.returncode == 0, f"{hook} failed:\n{done.stdout}\n{done.stderr}"
    names = [line[len(_MARK) :] for line in done.stdout.splitlines() if line.startswith(_MARK)]
    assert names, f"{hook} named no artifact:\n{done.stdout}"
    return out_dir / names[-1]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    pytest.importorskip("setuptools", reason="the dev extra installs setuptools for this build")
    work = tmp_path_factory.mktemp("packaging")
    tree = work / "checkout"
    shutil.copytree(ROOT, tree, ignore=_NOT_COPIED)
    sdist = _build("build_sdist", tree, work / "dist")
    with tarfile.open(sdist) as archive:
        # The "data" filter where Python has it (3.12 warns without one, and warnings are errors here).
        archive.extractall(work / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (unpacked,) = (work / "unpacked").iterdir()
    return {
        "sdist": sdist,
        "wheel from the tree": _build("build_wheel", tree, work / "wheel-tree"),
        "wheel from the sdist": _build("build_wheel", unpacked, work / "wheel-sdist"),
    }


def _wheel_names(wheel: Path) -> List[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_every_directory_of_the_package_is_a_regular_package() -> None:
    # setup.cfg finds namespace packages, so a forgotten __init__.py still ships; this keeps each
    # layer an ordinary package anyway (one kind of package for tools and readers alike).
    missing = sorted(
        path.parent.relative_to(ROOT).as_posix()
        for path in (ROOT / PACKAGE).rglob("*.py")
        if "__pycache__" not in path.parts and not (path.parent / "__init__.py").exists()
    )
    assert not missing, f"directories without __init__.py: {sorted(set(missing))}"


@pytest.mark.parametrize("name", ["wheel from the tree", "wheel from the sdist"])
def test_wheel_ships_every_module_and_nothing_else(artifacts: Dict[str, Path], name: str) -> None:
    names = _wheel_names(artifacts[name])
    shipped = {entry for entry in names if entry.startswith(f"{PACKAGE}/")}
    expected = _source_files()
    assert not expected - shipped, f"{name} lacks {sorted(expected - shipped)}"
    assert not shipped - expected, f"{name} ships files the tree does not have: {sorted(shipped - expected)}"
    top_level = {entry.split("/", 1)[0] for entry in names}
    assert {entry for entry in top_level if not entry.endswith(".dist-info")} == {PACKAGE}


def test_sdist_ships_every_module(artifacts: Dict[str, Path]) -> None:
    with tarfile.open(artifacts["sdist"]) as archive:
        members = archive.getnames()
    prefix = members[0].split("/", 1)[0] + "/"
    shipped = {member[len(prefix) :] for member in members if member.startswith(prefix)}
    missing = _source_files() - shipped
    assert not missing, f"the sdist lacks {sorted(missing)}"
    assert {"setup.cfg", "pyproject.toml", "README.md", "tests/conftest.py"} <= shipped


def test_wheel_imports_every_module_outside_the_checkout(artifacts: Dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(artifacts["wheel from the sdist"]) as archive:
        archive.extractall(site)
    paths = [path[: -len(".py")] for path in _source_files() if path.endswith(".py")]
    modules = sorted(path.replace("/", ".").removesuffix(".__init__") for path in paths)
    # The unpacked wheel goes first on sys.path, ahead of the checkout's editable install; each
    # module must come from it.
    code = (
        "import importlib, sys; site = sys.argv[1]; sys.path.insert(0, site)\n"
        "for name in sys.argv[2:]:\n"
        "    module = importlib.import_module(name)\n"
        "    assert module.__file__.startswith(site), f'{name} came from {module.__file__}'\n"
    )
    command = [sys.executable, "-c", code, str(site), *modules]
    done = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
