"""Resource modules: one per namespace, one plain function per method, as the hand-written ones.

A function takes the session first (positional-only), then openai-python's parameters in its
order and kinds (ids positional, the rest keyword-only), then the per-request options. Unset
parameters stay out of the request; the body, query, files and headers are built in the open so
a reader sees the request a call makes.
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from . import templates
from .emit import WIDTH, all_list, call, docstring, field, import_line, optional, pack, typing_names, with_unset
from .methods import Method, Param
from .schemas import _names_in

__all__ = ["render_resource_module"]

_BUILTIN_RESULTS = {"str", "int", "float", "bool", "bytes"}


def _session_name(method: Method) -> str:
    # A parameter of openai-python may be called ``session`` (``realtime.calls.create``).
    return "api_session" if any(p.name == "session" for p in method.params) else "session"


def _param_lines(param: Param) -> List[str]:
    annotation = optional(param.annotation) if param.nullable else param.annotation
    value = ""
    if param.default is not None:
        value = repr(param.default).replace("'", '"')
    elif not param.required:
        annotation, value = with_unset(annotation), "UNSET"
    lines = field(param.name, annotation, value)
    lines[-1] += ","
    return lines


def _result_annotation(method: Method) -> str:
    if method.result == "none":
        return "None"
    if method.result == "binary":
        return "BinaryResponse"
    item = method.result_type
    if method.result == "page":
        return f"{method.page}[{item}]"
    return item if _castable(item) else "Any"


def _castable(annotation: str) -> bool:
    """Whether the annotation is a class ``cast_to`` can take as it is."""
    return annotation.isidentifier() and annotation != "Any"


def _signature(method: Method) -> List[str]:
    session = _session_name(method)
    lines = [f"def {method.name}(", f"    {session}: {templates.SESSION_TYPE},", "    /,"]
    for param in method.params:
        if param.positional:
            lines += _param_lines(param)
    lines.append("    *,")
    for param in method.params:
        if not param.positional:
            lines += _param_lines(param)
    options = ("extra_headers", "extra_query", "extra_body", "timeout")
    lines += [f"    {templates.OPTION_PARAMS[name]}," for name in options if name in method.options]
    lines.append(f") -> {_result_annotation(method)}:")
    return lines


def _path_expr(method: Method) -> str:
    ids = [p.name for p in method.params if p.where == "path"]
    if not ids:
        return f'"{method.path}"'
    return f'spec_path("{method.path}", {", ".join(f"{i}={i}" for i in ids)})'


def _options(method: Method) -> List[str]:
    args = []
    if method.admin:
        args.append(templates.ADMIN_AUTH_ARG)
    if "extra_headers" in method.options:
        layers = [f'"{k}": "{v}"' for k, v in method.headers.items()]
        given = [f'"{p.wire}": {p.name}' for p in method.params if p.where == "header"]
        if given:
            layers.append(f"**header_values({{{', '.join(given)}}})")
        if layers:
            args.append(f"extra_headers={{{', '.join(layers)}, **(extra_headers or {{}})}}")
        else:
            args.append("extra_headers=extra_headers")
    args += [f"{name}={name}" for name in ("extra_query", "extra_body", "timeout") if name in method.options]
    return args


def _body(method: Method) -> Tuple[List[str], List[str]]:
    """Lines that build the body, query and files, and the arguments that pass them on."""
    lines: List[str] = []
    args: List[str] = []
    body = [p for p in method.params if p.where in ("body", "file")]
    query = [p for p in method.params if p.where == "query"]
    if body:
        pairs = [f'"{p.wire}": {p.name}' for p in body]
        lines += _dict_lines("body: Dict[str, Any]", pairs)
        args.append("body=body")
    files = [p for p in body if p.where == "file"]
    if files:
        names = ", ".join(f'"{p.wire}"' for p in files) + ("," if len(files) == 1 else "")
        always = " or {}" if method.always_multipart else ""
        lines.append(f"    file_parts = form_files(body, ({names})){always}")
        args.append("files=file_parts")
    if query:
        pairs = [f'"{p.name}": {p.name}' for p in query]
        inline = "query={" + ", ".join(pairs) + "}"
        if len(inline) <= 80:
            args.append(inline)
        else:
            lines += _dict_lines("query: Dict[str, Any]", pairs)
            args.append("query=query")
    path = _path_expr(method)
    if len(path) > 80:
        head, _, rest = path.partition("(")
        lines += call(f"path = {head}", [a.strip() for a in _top_level_args(rest[:-1])], 4)
    return lines, args


def _top_level_args(text: str) -> List[str]:
    parts, level, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            level += 1
        elif ch in ")]}":
            level -= 1
        elif ch == "," and level == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _dict_lines(target: str, pairs: List[str]) -> List[str]:
    one = f"    {target} = {{{', '.join(pairs)}}}"
    if len(one) <= WIDTH:
        return [one]
    return [f"    {target} = {{", *pack(pairs, 8), "    }"]


def _notices(methods: List[Method]) -> Dict[str, str]:
    """openai-python's deprecation notices of the module's methods -> the constant holding each."""
    notices = sorted({m.deprecated for m in methods if m.deprecated})
    return {notice: "DEPRECATION" + ("" if i == 0 else f"_{i + 1}") for i, notice in enumerate(notices)}


def render_function(method: Method, notices: Dict[str, str], hand_written: Set[str]) -> List[str]:
    session = _session_name(method)
    lines = _signature(method)
    lines += docstring(method.doc, 4)
    if method.deprecated:
        message = f'f"{method.full_name} is deprecated: {{{notices[method.deprecated]}}}"'
        lines += call("warnings.warn", [message, "DeprecationWarning", "stacklevel=2"], 4)
    build, args = _body(method)
    lines += build
    path = _path_expr(method)
    if len(path) > 80:
        path = "path"
    verb = f'"{method.verb}"'
    options = _options(method)
    target = templates.SESSION_CALL.format(session=session, verb="{verb}")
    if method.result == "page" and method.verb == "GET":
        item = method.result_type if _castable(method.result_type) else "object"
        if item in hand_written:  # may be an open union, which mypy does not take for a class
            item = f"cast(Any, {item})"
        annotation = _result_annotation(method)
        head = f"page: {annotation} = " + target.format(verb="get_page")
        lines += call(head, [path, f"item_type={item}", f"page_cls={method.page}", *args, *options], 4)
        lines.append("    return page")
    elif method.result == "page":
        cast = f"{method.page}[{method.result_type}]"
        lines += call("return " + target.format(verb="request"), [verb, path, f"cast_to={cast}", *args, *options], 4)
    elif method.result == "binary":
        lines += call("return " + target.format(verb="download"), [verb, path, *args, *options], 4)
    elif method.result == "none":
        lines += call(target.format(verb="request"), [verb, path, "cast_to=bytes", *args, *options], 4)
    else:
        cast = method.result_type if _castable(method.result_type) else "object"
        lines += call("return " + target.format(verb="request"), [verb, path, f"cast_to={cast}", *args, *options], 4)
    return lines


def render_resource_module(
    methods: List[Method], placement: Dict[str, str], hand_written: Set[str], depth: int, title: str
) -> str:
    """The module of one namespace's ``methods``; ``placement`` says where each class lives,
    ``hand_written`` which of them are hand-written types reused."""
    pkg = "." * (depth + 2)
    notices = _notices(methods)
    functions = [render_function(m, notices, hand_written) for m in methods]
    text_parts = [line for f in functions for line in f]
    signatures = [line for m in methods for line in _signature(m)]
    annotations = signatures + [line for line in text_parts if "Dict[str, Any]" in line]
    typing = typing_names(annotations + [line for line in text_parts if "cast(Any" in line])
    used_names: Set[str] = {n for line in text_parts for n in _names_in(line)}
    type_imports: Dict[str, Set[str]] = {}
    for name in sorted(used_names):
        if name in placement:
            type_imports.setdefault(placement[name], set()).add(name)
    pages = sorted({m.page for m in methods if m.page})
    helpers = sorted({"Headers", "TimeoutArg"} | ({"spec_path"} if "spec_path(" in "\n".join(text_parts) else set())
                     | ({"form_files"} if "form_files(" in "\n".join(text_parts) else set())
                     | ({"header_values"} if "header_values(" in "\n".join(text_parts) else set()))
    checking = sorted(n for n in templates.TYPE_CHECKING_IMPORTS if n in used_names)
    if checking:
        typing = sorted(set(typing) | {"TYPE_CHECKING"}, key=lambda n: (n != "TYPE_CHECKING", n))
    lines = [templates.MARKER, f'"""{title}', ""]
    lines += [
        "Derived from the OpenAPI spec, with openai-python's names and call shapes. Parameters default to",
        "``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    if any(m.deprecated for m in methods):
        lines.append("import warnings")
    if typing:
        lines += import_line("typing", typing)
    unset = ["UNSET"] + (["UnsetType"] if "UnsetType" in "\n".join(signatures) else [])
    lines += ["", *import_line("msgspec", unset), ""]
    local: List[Tuple[Tuple[int, str], List[str]]] = []

    def add(line: str) -> None:
        module, _, names = line[5:].partition(" import ")
        dots = len(module) - len(module.lstrip("."))
        local.append(((-dots, module.lstrip(".")), import_line(module, names.split(", "))))

    if pages:
        add(templates.PAGES_IMPORT.format(pkg=pkg, names=", ".join(pages)))
    add(templates.SESSION_IMPORT.format(pkg=pkg))
    add(templates.PARAMS_IMPORT.format(pkg=pkg, names=", ".join(helpers)))
    for module, names in sorted(type_imports.items()):
        add(templates.TYPES_IMPORT.format(pkg=pkg, module=module, names=", ".join(sorted(names))))
    for _key, block in sorted(local):
        lines += block
    if checking:
        lines += ["", "if TYPE_CHECKING:"]
        for name in checking:
            lines.append("    " + templates.TYPE_CHECKING_IMPORTS[name].format(pkg=pkg))
    lines += ["", *all_list(m.name for m in methods)]
    if notices:
        lines.append("")
        lines += [f'{name} = "{notice}"' for notice, name in notices.items()]
    for function in functions:
        lines += ["", "", *function]
    return "\n".join(lines) + "\n"
