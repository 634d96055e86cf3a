"""The shape of the package, checked from its source: the layers of "How it is built" (docs/architecture.md)
are packages, each imports only from its own layer or the ones below, no module imports another
back (lazy and type-checking imports included), modules and functions stay short, and no module
sets another module's private attributes."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "openai_compat"

# Bottom to top. A module may import from its own layer and the layers before it.
LAYERS: List[Tuple[str, ...]] = [
    # the wire, and the exceptions
    ("_http", "_errors", "_auth_errors", "_websocket_errors", "_webhook_errors", "_version"),
    ("types",),  # msgspec Structs, their codec, pages and schemas
    ("_streaming", "_uploads"),  # stream classes over the SSE decoder; files in and out
    ("_core",),  # the Session: retries, timeouts, headers, URLs, bodies, results
    ("auth", "providers"),  # Sessions that authenticate otherwise: workload identity, cloud providers
    ("realtime",),  # the WebSocket connection
    ("resources",),  # the API as functions taking a session
    ("_facade",),  # Client and its namespaces
    ("azure",),  # AzureClient, a Client with its own Session
    ("", "testing", "batch_jsonl", "_module_client"),  # the package root and public helpers
    # Built on the public API only: the pytest fixture, the CLI, bulk jobs; and the one module of
    # internals that tests and benchmarks import (the library itself never imports it).
    ("pytest_plugin", "cli", "__main__", "bulk", "_internals"),
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _modules() -> Dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module of the package that ``name`` imports: at the top, lazily or for type checking."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                yield full if full in MODULES else target
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


GRAPH: Dict[str, Set[str]] = {
    name: {target for target in _imports(name, path) if target in MODULES and target != name}
    - {name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1)}  # a parent package's __init__
    for name, path in MODULES.items()
}


def _layer(name: str) -> int:
    top = name.split(".")[1] if "." in name else ""
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"{name} is in no layer: add its package to LAYERS (and to docs/architecture.md)")


def _cycles(graph: Mapping[str, Set[str]]) -> List[List[str]]:
    """Every back edge of a depth-first walk, as the cycle it closes (empty for an acyclic graph)."""
    cycles: List[List[str]] = []
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return cycles


def test_no_module_imports_another_back() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []
    # A lazy import inside a function counts as an import.
    assert "openai_compat._facade.client" in {t for t in GRAPH["openai_compat"]}


def test_every_import_goes_to_the_same_layer_or_below() -> None:
    upward = sorted(
        f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets if _layer(target) > _layer(name)
    )
    assert upward == []


def test_modules_and_functions_stay_short() -> None:
    long_modules, long_functions = [], []
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}.{node.name}: {length} lines")
    assert long_modules == [] and long_functions == []


def _private_names_defined(tree: ast.AST) -> Set[str]:
    """The private attributes a module defines: set on ``self``, declared in a class body, or named
    in a string (``__slots__``, ``__dict__.get("_x")``)."""
    names: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else (
                    [stmt.target] if isinstance(stmt, ast.AnnAssign) else [])
                names.update(target.id for target in targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("_"):
            names.add(node.value)
    return names


def test_no_package_sets_the_private_attributes_of_another_packages_objects() -> None:
    # resources/responses.py once set a stream's _reopen, _retry_policy and _response_id from
    # outside: a stream class's options go through its constructor. Within a package (a class and
    # its helpers, ``copy()`` of the same class) setting them is the class's own business.
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
    defined: Dict[str, Set[str]] = {}
    for name, tree in trees.items():
        defined.setdefault(_package(name), set()).update(_private_names_defined(tree))
    found = []
    for name, tree in trees.items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and re.fullmatch(r"_[a-z]\w*", target.attr)
                    and not (isinstance(target.value, ast.Name) and target.value.id in ("self", "cls"))
                    and target.attr not in defined[_package(name)]
                ):
                    found.append(f"{name}:{node.lineno}: .{target.attr}")
    assert found == []


def _package(name: str) -> str:
    return name.split(".")[1] if "." in name else ""


_POINTER = re.compile(
    r"reliability[- ]plan|user-needs|style-anchors|steady-mock|openai-python-behaviour|"
    r"\breference §|\bReference §|\bissues? \d+\b|\(issue \d"
)
_SECTION = re.compile(r"§\d")
_STANDARD_SECTION = re.compile(r"RFC \d+ §\d")


def _points_outside(line: str) -> bool:
    """A pointer into a document a reader of the repository does not have (the project's plans and
    notes, its issue numbers); a section of a public standard (``RFC 9110 §5.3``) is fine."""
    return bool(_POINTER.search(line)) or len(_SECTION.findall(line)) > len(_STANDARD_SECTION.findall(line))


def test_the_pointer_check_tells_pointers_from_standards() -> None:
    assert _points_outside("(reliability-plan §0.1 #8)") and _points_outside("targets of issue 3")
    assert _points_outside("(§0.1 #10)") and _points_outside("reference §6.2: encoded")
    assert not _points_outside("joined as RFC 9110 §5.3 allows") and not _points_outside("issued 3 times")


@pytest.mark.parametrize(
    "where",
    ["openai_compat", "tests", "benchmarks", "examples", "scripts", "fuzz", ".ci", "docs", "README.md", "CHANGELOG.md"],
)
def test_comments_give_reasons_not_pointers_to_documents_outside_the_repository(where: str) -> None:
    root = ROOT / where
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    found = []
    for path in paths:
        if path.suffix not in (".py", "", ".sh", ".md") or path.name == "RESULTS.md" or path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if _points_outside(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}")
    assert found == []


@pytest.mark.parametrize("where", ["tests", "benchmarks", "fuzz", "examples"])
def test_code_outside_the_package_imports_public_names_or_the_internals_module(where: str) -> None:
    # Moving a module inside the package must not break 150 imports: internals go through one module.
    found = []
    for path in sorted((ROOT / where).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            if isinstance(node, ast.ImportFrom) and node.module == "openai_compat":
                names += [f"openai_compat.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "openai_compat" and name != "openai_compat._internals" and any(
                    part.startswith("_") for part in parts[1:]
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert found == []


def test_every_folder_of_the_package_is_a_package() -> None:
    # types/ had no __init__.py: setuptools' find_packages left it out of the wheel, and a wheel
    # install could not import openai_compat at all.
    folders = {path.parent for path in PACKAGE.rglob("*.py")}
    assert sorted(str(folder.relative_to(ROOT)) for folder in folders if not (folder / "__init__.py").exists()) == []
