"""Record the call shapes of openai-python's synchronous client as facts, in ``openai_surface.json``.

Run by hand when the pinned openai-python version changes, in a virtualenv that has it installed:

    python -m venv /tmp/surface && /tmp/surface/bin/pip install "openai==3.57.0" pyyaml
    /tmp/surface/bin/python scripts/codegen/introspect_openai.py

The generator (``scripts/generate``) reads only the JSON file, so it needs no openai install. For every
public method of every resource of ``openai.OpenAI`` it records names and facts, never code or prose:
the parameters (name, kind, whether required, a literal default), the HTTP verb and path the method
calls, which of its parameters fill the path, the query, the body and the headers, the kind of page
it returns, the authentication it asks for, and whether openai-python marks it deprecated.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

warnings.simplefilter("ignore")

import openai  # noqa: E402
from openai._resource import SyncAPIResource  # noqa: E402

OUTPUT = Path(__file__).with_name("openai_surface.json")
OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
VERBS = {"_get": "GET", "_post": "POST", "_put": "PUT", "_patch": "PATCH", "_delete": "DELETE", "_get_api_list": "GET"}
WRAPPERS = ("with_raw_response", "with_streaming_response")


def walk(obj: Any, path: str) -> Iterator[Tuple[str, str, Any, Any]]:
    for name in sorted(dir(type(obj))):
        if name.startswith("_") or name in WRAPPERS:
            continue
        try:
            value = getattr(obj, name)
        except Exception:
            continue
        if isinstance(value, SyncAPIResource):
            yield from walk(value, f"{path}.{name}" if path else name)
        elif path and callable(value):
            yield path, name, value, obj


def parameters(fn: Any) -> List[Dict[str, Any]]:
    out = []
    for param in inspect.signature(fn).parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            out.append({"name": param.name, "kind": param.kind.name})
            continue
        entry: Dict[str, Any] = {"name": param.name, "kind": param.kind.name,
                                 "required": param.default is param.empty}
        default = param.default
        if default is not param.empty and isinstance(default, (bool, int, float, str, type(None))):
            entry["default"] = default
        out.append(entry)
    return out


def dict_keys(node: Optional[ast.AST]) -> List[str]:
    """The string keys of the first dict literal in ``node`` (``maybe_transform({...}, ...)``)."""
    if node is None:
        return []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Dict):
            return [key.value for key in sub.keys if isinstance(key, ast.Constant)]
    return []


def path_of(node: ast.AST) -> Tuple[Optional[str], Dict[str, str]]:
    """The path template and which parameter fills each placeholder."""
    if isinstance(node, ast.Constant):
        return node.value, {}
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        mapping = {kw.arg: ast.unparse(kw.value) for kw in node.keywords if kw.arg}
        return node.args[0].value, mapping
    if isinstance(node, ast.JoinedStr):
        template, mapping = "", {}
        for part in node.values:
            if isinstance(part, ast.Constant):
                template += part.value
            elif isinstance(part, ast.FormattedValue):
                name = ast.unparse(part.value)
                template += "{" + name + "}"
                mapping[name] = name
        return template, mapping
    return None, {}


def facts_of_call(call: ast.Call, tree: ast.AST) -> Dict[str, Any]:
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    path, path_args = path_of(call.args[0])
    verb = VERBS[call.func.attr]  # type: ignore[attr-defined]
    if isinstance(kw.get("method"), ast.Constant):  # ``_get_api_list(..., method="post")``
        verb = str(kw["method"].value).upper()  # type: ignore[attr-defined]
    facts: Dict[str, Any] = {"verb": verb, "path": path, "path_args": path_args}
    facts["list"] = call.func.attr == "_get_api_list"  # type: ignore[attr-defined]
    page = kw.get("page")
    if page is not None:
        facts["page"] = ast.unparse(page).split("[")[0]
    cast = kw.get("cast_to") or kw.get("model")
    if cast is not None:
        facts["cast_to"] = ast.unparse(cast).split(".")[-1]
    body = kw.get("body")
    facts["body"] = body_keys(body, tree)
    facts["multipart"] = "files" in kw
    options = kw.get("options")
    facts["query"] = []
    facts["security"] = None
    if isinstance(options, ast.Call):
        okw = {k.arg: k.value for k in options.keywords if k.arg}
        facts["query"] = dict_keys(okw.get("query"))
        if "security" in okw:
            facts["security"] = sorted(dict_keys(okw["security"]))
    facts["stream"] = "stream" in kw
    return facts


def body_keys(body: Optional[ast.AST], tree: ast.AST) -> List[str]:
    if body is None:
        return []
    keys = dict_keys(body)
    if keys:
        return keys
    # ``body=maybe_transform(body, ...)`` with ``body = {...}`` (or ``deepcopy_with_paths({...})``) above.
    names = {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names for t in node.targets):
            keys = dict_keys(node.value)
            if keys:
                return keys
    return []


def headers_set(tree: ast.AST) -> Dict[str, str]:
    """Headers the method adds itself (``Accept``, ``openai-beta`` from a parameter, ...)."""
    found: Dict[str, str] = {}
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "extra_headers" for t in targets):
            for sub in ast.walk(node.value):
                if isinstance(sub, ast.Dict):
                    for key, value in zip(sub.keys, sub.values):
                        if isinstance(key, ast.Constant):
                            found[key.value] = value.value if isinstance(value, ast.Constant) else "<param>"
    return found


def multipart_always(tree: ast.AST) -> bool:
    """Whether the method sends a form even without files (its ``Content-Type`` set outside an ``if``)."""
    func = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))
    return any(isinstance(node, ast.Assign) and "multipart/form-data" in ast.unparse(node.value) for node in func.body)


def describe(ns: str, name: str, fn: Any, owner: Any) -> Dict[str, Any]:
    notes = [getattr(f, "__deprecated__", None) for f in (getattr(type(owner), name, None), fn)]
    deprecation = next((note for note in notes if note), None)
    entry: Dict[str, Any] = {"namespace": ns, "name": name, "deprecated": bool(deprecation),
                             "params": parameters(fn)}
    if deprecation:
        entry["deprecation"] = str(deprecation)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError):
        return entry
    calls = [node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "self" and node.func.attr in VERBS]
    if len(calls) == 1:
        entry.update(facts_of_call(calls[0], tree))
        entry["headers"] = headers_set(tree)
        entry["multipart_always"] = multipart_always(tree)
    else:
        entry["helper"] = True  # composes other calls (poll, stream, upload) or is not HTTP at all
    return entry


def main() -> int:
    client = openai.OpenAI(api_key="x")
    methods = [describe(ns, name, fn, owner) for ns, name, fn, owner in walk(client, "")]
    document = {"openai_version": openai.__version__, "methods": methods}
    OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(methods)} methods of openai {openai.__version__} -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
