"""Derive the long tail of the API from the OpenAPI spec: types, resource functions and namespaces.

    scripts/generate            write the generated modules (and remove generated ones no longer made)
    scripts/generate --check    exit 1 if the committed modules differ from what the spec gives now

The spec is ``$OPENAI_COMPAT_SPEC`` or the repository's copy, ``openapi/openai-openapi.yaml.gz``; openai-python's call
shapes come from ``openai_surface.json`` beside this file (see ``introspect_openai.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

from . import config, naming, templates
from .methods import Method, build_methods
from .naming import first_sentence
from .render_facade import build_tree, render_facades, render_mixins
from .render_resources import render_resource_module
from .render_types import place_structs, render_types_module, split_large_modules
from .schemas import StructDef, TypeBuilder
from .spec import Spec

HERE = Path(__file__).resolve().parent

ROOT = HERE.parent.parent
SURFACE = HERE / "openai_surface.json"
SUPPLEMENT = HERE / "openai_supplement.json"


def default_spec() -> Path:
    configured = os.environ.get("OPENAI_COMPAT_SPEC")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else ROOT / path
    return ROOT / "openapi" / "openai-openapi.yaml.gz"  # the repository's copy, as the mock serves


def load_spec(spec_path: Path) -> Spec:
    """The spec, with the operations it lacks added from openai-python's types (``introspect_types.py``)."""
    return Spec(spec_path, json.loads(SUPPLEMENT.read_text(encoding="utf-8")))


def _module_path(directory: str, dotted: str) -> str:
    return f"{directory}/{dotted.replace('.', '/')}.py"


def _tag_title(spec: Spec, methods: List[Method], namespace: str) -> str:
    tags = {t["name"]: t.get("description", "") for t in spec.doc.get("tags", [])}
    names = [t for m in methods for t in m.operation.raw.get("tags", [])]
    about = first_sentence(tags.get(names[0], "")) if names else ""
    return f"``client.{namespace}``" + (f": {about[0].lower()}{about[1:]}" if about else ".")


def _package_init(directory: str, what: str) -> Tuple[str, str]:
    text = f'{templates.MARKER}\n"""{what}"""\n'
    return f"{directory}/admin/__init__.py", text


MAX_RESOURCE_LINES = 390


def _resource_modules(
    dotted: str, methods: List[Method], known: Dict[str, str], external: Set[str], title: str
) -> List[Tuple[str, str]]:
    """The resource module of one namespace, or (when it would pass ``MAX_RESOURCE_LINES``) that
    module with the methods that fit and ``<module>_2`` (and so on) with the rest; each method's
    ``module`` says which."""
    modules: List[Tuple[str, str]] = []
    remaining, index = list(methods), 1
    while remaining:
        name = dotted if index == 1 else f"{dotted}_{index}"
        taken = len(remaining)
        text = render_resource_module(remaining, known, external, dotted.count("."), title)
        while text.count("\n") > MAX_RESOURCE_LINES and taken > 1:
            taken -= 1
            text = render_resource_module(remaining[:taken], known, external, dotted.count("."), title)
        for method in remaining[:taken]:
            method.module = name
        modules.append((name, text))
        remaining, index = remaining[taken:], index + 1
    return modules


def generate(spec_path: Path) -> Tuple[Dict[str, str], List[str]]:
    """Relative path -> text of every generated file, and notes on what was left out."""
    spec = load_spec(spec_path)
    surface = json.loads(SURFACE.read_text(encoding="utf-8"))
    types = TypeBuilder(spec, response_depth=config.RESPONSE_DEPTH, request_depth=config.REQUEST_DEPTH,
                        reuse=config.REUSE)
    methods, notes = build_methods(spec, surface, types)
    types.propagate_users()
    placement = place_structs(types.structs)
    split_large_modules(placement, types.structs)
    known = {**placement, **types.external}  # every class a generated module may import, and from where
    files: Dict[str, str] = {}
    by_module: Dict[str, List[StructDef]] = {}
    for name, module in placement.items():
        by_module.setdefault(module, []).append(types.structs[name])
    for module, structs in sorted(by_module.items()):
        namespace = next(iter(sorted(common for s in structs for common in s.users)))
        title = "the generated namespaces (shared)" if module == "shared" else f"``client.{namespace}``"
        if module.endswith("_parts"):
            title += " (the parts of its larger objects)"
        text, _names = render_types_module(module, structs, known, title, module.count("."))
        files[_module_path(templates.TYPES_DIR, module)] = text
    by_namespace: Dict[str, List[Method]] = {}
    for method in methods:
        by_namespace.setdefault(method.namespace, []).append(method)
    for namespace, group in sorted(by_namespace.items()):
        title = _tag_title(spec, group, namespace)
        for dotted, text in _resource_modules(naming.resource_module(namespace), group, known, set(types.external),
                                              title):
            files[_module_path(templates.RESOURCE_DIR, dotted)] = text
    if any(path.startswith(templates.RESOURCE_DIR + "/admin/") for path in files):
        path, text = _package_init(templates.RESOURCE_DIR, "Resource functions of ``client.admin.organization``.")
        files[path] = text
    if any(path.startswith(templates.TYPES_DIR + "/admin/") for path in files):
        path, text = _package_init(templates.TYPES_DIR, "Types of ``client.admin.organization``.")
        files[path] = text
    roots = build_tree(methods)
    for module, text in render_facades(roots).items():
        files[f"{templates.FACADE_DIR}/{templates.FACADE_MODULE.format(name=module)}.py"] = text
    files[f"{templates.FACADE_DIR}/{templates.MIXINS_MODULE}.py"] = render_mixins(roots)
    return files, notes


def generated_on_disk() -> List[str]:
    found = []
    for path in (ROOT / "openai_compat").rglob("*.py"):
        with path.open(encoding="utf-8") as handle:
            if handle.readline().rstrip("\n") == templates.MARKER:
                found.append(path.relative_to(ROOT).as_posix())
    return sorted(found)


def differences(files: Dict[str, str]) -> List[str]:
    """What differs between ``files`` and the tree (empty when the tree is up to date)."""
    problems = []
    for path, text in sorted(files.items()):
        target = ROOT / path
        if not target.exists():
            problems.append(f"missing: {path}")
        elif target.read_text(encoding="utf-8") != text:
            problems.append(f"differs: {path}")
    for path in generated_on_disk():
        if path not in files:
            problems.append(f"stale: {path}")
    return problems


def _check_no_hand_written(files: Dict[str, str]) -> None:
    """Refuse to overwrite a hand-written module that a generated one would take the name of."""
    for path in files:
        target = ROOT / path
        if target.exists():
            with target.open(encoding="utf-8") as handle:
                if handle.readline().rstrip("\n") != templates.MARKER:
                    raise SystemExit(f"error: {path} is written by hand; the generator would overwrite it")


def write(files: Dict[str, str]) -> None:
    _check_no_hand_written(files)
    for path in generated_on_disk():
        if path not in files:
            (ROOT / path).unlink()
    for path, text in files.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the generated modules are out of date")
    parser.add_argument("--spec", type=Path, default=None, help="the OpenAPI spec (YAML)")
    parser.add_argument("--notes", action="store_true", help="list the methods left out and why")
    args = parser.parse_args(argv)
    spec_path = args.spec or default_spec()
    if not spec_path.exists():
        print(f"error: no spec at {spec_path} (set OPENAI_COMPAT_SPEC)", file=sys.stderr)
        return 2
    files, notes = generate(spec_path)
    if args.notes:
        print("\n".join(notes))
    if args.check:
        problems = differences(files)
        if problems:
            print("the generated modules are out of date; run scripts/generate:\n  " + "\n  ".join(problems))
            return 1
        print(f"generated modules up to date ({len(files)} files)")
        return 0
    write(files)
    print(f"wrote {len(files)} generated files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
