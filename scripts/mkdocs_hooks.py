"""mkdocs hooks: the API reference pages that follow the code, made at build time.

Three kinds of page are generated, so a new namespace, method or types module shows up in the
reference without anyone editing a list:

- ``reference/index.md``: every name of ``openai_compat.__all__``, linked to where it is documented
  (a name that is documented nowhere is an unresolved link, which fails ``mkdocs build --strict``);
- ``reference/client/<namespace>.md``: each namespace of ``Client`` and the resource function each
  of its methods is (namespaces bind the resource functions themselves as methods);
- ``reference/types/<module>.md``: each public module of ``openai_compat.types``.

The pages are added to the nav under "API reference", after the hand-written ones.
"""

from __future__ import annotations

import inspect
import pkgutil
from functools import cache, cached_property
from typing import Any, Dict, List, Optional, Tuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

REFERENCE_SECTION = "API reference"
_ROOT_INTRO = """# Everything in `openai_compat`

`from openai_compat import ...` gives these names (`openai_compat.__all__`). Each links to its
documentation; the types are also importable from their module under `openai_compat.types`.

| name | what it is |
|---|---|
"""


@cache
def _pages() -> Tuple[Tuple[str, str, str], ...]:
    """(path under docs/, nav title, Markdown) of every generated page, in nav order."""
    pages = [("reference/index.md", "Everything in openai_compat", _root_index())]
    for attribute, namespace in _namespaces():
        pages.append((f"reference/client/{attribute}.md", f"client.{attribute}", _namespace_page(attribute, namespace)))
    for module in _types_modules():
        short = module.rsplit(".", 1)[1]
        body = f"# `{module}`\n\n::: {module}\n    options:\n      show_root_heading: false\n"
        pages.append((f"reference/types/{short}.md", short, body))
    return tuple(pages)


def _types_modules() -> List[str]:
    from openai_compat import types

    modules = pkgutil.iter_modules(types.__path__)
    return sorted(f"{types.__name__}.{info.name}" for info in modules if not info.name.startswith("_"))


def _root_index() -> str:
    import openai_compat

    rows = []
    for name in sorted(openai_compat.__all__, key=str.lower):
        value = getattr(openai_compat, name)
        target = _documented_at(name, value)
        label = f"[`{name}`][{target}]" if target else f"`{name}`"
        rows.append(f"| {label} | {_summary(name, value)} |")
    return _ROOT_INTRO + "\n".join(rows) + "\n"


def _documented_at(name: str, value: Any) -> Optional[str]:
    """The identifier a reference page renders ``value`` under; ``None`` for a constant."""
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        return None
    module = getattr(value, "__module__", "")
    if not module.startswith("openai_compat"):  # msgspec's UnsetType
        return None
    if module.startswith("openai_compat.types.") and not module.rsplit(".", 1)[1].startswith("_"):
        return f"{module}.{value.__qualname__}"
    if value.__name__ != name:  # an openai-python alias such as OpenAI = Client
        return f"openai_compat.{value.__name__}"
    return f"openai_compat.{name}"


def _summary(name: str, value: Any) -> str:
    if inspect.isclass(value) or inspect.isfunction(value):
        if value.__name__ != name:
            return f"openai-python's name for `{value.__name__}`"
        doc = inspect.getdoc(value) or ""
        return doc.split("\n\n", 1)[0].replace("\n", " ").replace("|", "\\|")
    return f"a constant: `{name} = {value!r}`".replace("|", "\\|")


# ---------------------------------------------------------------------------------------------
# Namespaces


def _namespaces() -> List[Tuple[str, Any]]:
    from openai_compat import Client

    # A client makes no connection until a call: its namespaces are built here to learn their classes
    # (the facade imports most of them on first use, so the annotations alone do not resolve).
    client = Client(api_key="sk-docs", base_url="http://127.0.0.1:9/v1")
    try:
        return _child_namespaces(client)
    finally:
        client.close()


def _child_namespaces(owner: Any) -> List[Tuple[str, Any]]:
    """The namespaces of ``owner`` (its ``cached_property`` members), in source order."""
    return [
        (name, getattr(owner, name))
        for name, member in vars(type(owner)).items()
        if not name.startswith("_") and isinstance(member, cached_property)
    ]


def _methods(namespace: type) -> List[Tuple[str, str]]:
    """(method name, identifier of what documents it) of a namespace class, in source order."""
    methods: Dict[str, str] = {}
    for klass in reversed(namespace.__mro__):
        if klass.__module__.startswith("openai_compat._facade") and klass.__name__ != "_Namespace":
            for name, member in vars(klass).items():
                if not name.startswith("_") and inspect.isfunction(member):
                    methods[name] = _identifier(member, klass, name)
    return list(methods.items())


def _identifier(function: Any, klass: type, name: str) -> str:
    if function.__module__.startswith("openai_compat.resources"):
        return f"{function.__module__}.{function.__qualname__}"
    return f"{klass.__module__}.{klass.__qualname__}.{name}"


def _namespace_page(attribute: str, namespace: Any) -> str:
    lines = [
        f"# `client.{attribute}`\n",
        "Each method is the resource function shown under it, bound to the client: call it without the",
        "first argument (`session`), which is the namespace itself.\n",
    ]
    queue: List[Tuple[str, Any]] = [(f"client.{attribute}", namespace)]
    while queue:
        path, instance = queue.pop(0)
        methods = _methods(type(instance))
        children = _child_namespaces(instance)
        if path != f"client.{attribute}" and (methods or children):
            lines.append(f"## `{path}`\n")
        for name, target in methods:
            lines += [
                f"::: {target}",
                "    options:",
                f'      heading: "{path}.{name}"',
                f'      toc_label: "{path}.{name}"',
                "      heading_level: 3",
                "      show_root_full_path: false",
                "",
            ]
        queue += [(f"{path}.{child}", child_instance) for child, child_instance in children]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# mkdocs events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the generated pages to the nav's reference section."""
    nav: List[Any] = config.nav or []
    for entry in nav:
        if isinstance(entry, dict) and REFERENCE_SECTION in entry:
            section: List[Any] = entry[REFERENCE_SECTION]
            namespaces = [{title: path} for path, title, _ in _pages() if path.startswith("reference/client/")]
            types = [{title: path} for path, title, _ in _pages() if path.startswith("reference/types/")]
            section.insert(0, {"Everything in openai_compat": "reference/index.md"})
            section += [{"Client namespaces": namespaces}, {"openai_compat.types": types}]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, _title, markdown in _pages():
        files.append(File.generated(config, path, content=markdown))
    return files

