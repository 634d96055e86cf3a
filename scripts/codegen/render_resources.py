"""Resource modules: one per namespace, one plain function per method, as the hand-written ones.

A function takes the session first (positional-only), then openai-python's parameters in its
order and kinds (ids positional, the rest keyword-only), then the per-request options. Unset
parameters stay out of the request; the body, query, files and headers are built in the open so
a reader sees the request a call makes.
"""

from __future__ import annotations

import re
import textwrap
from typing import Dict, List, Set, Tuple

from . import templates
from .emit import (
    WIDTH,
    all_list,
    call,
    docstring,
    field,
    import_line,
    optional,
    pack,
    split_args,
    typing_names,
    with_unset,
)
from .methods import Method, Param
from .schemas import _names_in

__all__ = ["render_resource_module"]

_BUILTIN_RESULTS = {"str", "int", "float", "bool", "bytes"}
_PLACEHOLDER = re.compile(r"\{([^}]+)\}")
# The names a generated function gives its locals and imports: no parameter may take them.
_LOCALS = frozenset({"body", "file_parts", "query", "url_path", "headers", "_params", "path_segment"})


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
    lines = field(param.name, annotation, value, room=1)
    lines[-1] += ","
    return lines


def _result_annotation(method: Method, overload: str = "") -> str:
    if method.event_schema is not None and overload != "json":
        events = f"Stream[{method.event_type if _castable(method.event_type) else 'Any'}]"
        return events if overload == "events" else f"Union[{_plain_result(method)}, {events}]"
    return _plain_result(method)


def _plain_result(method: Method) -> str:
    if method.result == "none":
        return "None"
    if method.result == "binary":
        return "BinaryResponse"
    item = method.result_type
    if method.result == "stream":
        return f"Stream[{item if _castable(item) else 'Any'}]"
    if method.result == "page":
        return f"{method.page}[{item}]"
    return item if _castable(item) else "Any"


def _castable(annotation: str) -> bool:
    """Whether the annotation is a class ``cast_to`` can take as it is."""
    return annotation.isidentifier() and annotation != "Any"


# The ``stream`` parameter and the result of each overload of a method that answers with JSON or,
# given ``stream=True``, with events: (annotation, default) by overload.
_STREAM_OVERLOADS = {
    "json": ("Union[Literal[False], UnsetType, None]", "UNSET"),
    "events": ("Literal[True]", ""),
    "either": ("bool", ""),
}


def _signature(method: Method, overload: str = "") -> List[str]:
    """The ``def`` line(s) of ``method``; of one of its ``_STREAM_OVERLOADS`` when ``overload`` names one."""
    session = _session_name(method)
    lines = [f"def {method.name}(", f"    {session}: {templates.SESSION_TYPE},", "    /,"]
    for param in method.params:
        if param.positional:
            lines += _param_lines(param)
    lines.append("    *,")
    keywords: List[str] = []
    for param in method.params:
        if param.positional:
            continue
        if method.event_schema is not None and param.name == "stream":
            annotation, default = _STREAM_OVERLOADS[overload] if overload else ("Union[Optional[bool], UnsetType]",
                                                                                "UNSET")
            keywords.append(f"    stream: {annotation}" + (f" = {default}," if default else ","))
        else:
            keywords += _param_lines(param)
    options = ("extra_headers", "extra_query", "extra_body", "timeout")
    keywords += [f"    {templates.OPTION_PARAMS[name]}," for name in options if name in method.options]
    lines += _packed(keywords) if overload else keywords  # a stub's parameters, as many on a line as fit
    lines.append(f") -> {_result_annotation(method, overload)}:")
    return lines


def _packed(lines: List[str]) -> List[str]:
    """Parameter ``lines`` with the one-line parameters packed several to a line; a parameter that
    spans lines keeps its lines."""
    out: List[str] = []
    short: List[str] = []
    group: List[str] = []
    depth = 0
    for line in lines:
        group.append(line)
        depth += line.count("[") - line.count("]")
        if depth:
            continue
        if len(group) == 1:
            short.append(line.strip().rstrip(","))
        else:
            out += pack(short, 4) + group
            short = []
        group = []
    return out + pack(short, 4)



def _overloads(method: Method) -> List[str]:
    """The ``@overload`` stubs of a method answering with JSON or events (none for the others)."""
    if method.event_schema is None:
        return []
    lines: List[str] = []
    for overload in _STREAM_OVERLOADS:
        signature = _signature(method, overload)
        lines += ["@overload", *signature[:-1], signature[-1] + " ...", "", ""]
    return lines


def _path_expr(method: Method) -> str:
    """The path as an expression: a string, or an f-string whose ids are escaped path segments."""
    ids = [p.name for p in method.params if p.where == "path"]
    if not ids:
        return f'"{method.path}"'
    return 'f"' + _PLACEHOLDER.sub(lambda m: "{" + templates.PATH_SEGMENT.format(name=m.group(1)) + "}",
                                   method.path) + '"'


def _path_lines(method: Method) -> Tuple[List[str], str]:
    """Lines that build a long path beforehand, and the expression a call passes as the path."""
    expr = _path_expr(method)
    if len(expr) <= 80:
        return [], expr
    name = "url_path" if any(p.name == "path" for p in method.params) else "path"
    if len(f"    {name} = {expr}") <= WIDTH:
        return [f"    {name} = {expr}"], name
    chunks = [c for c in re.split(r"(?<=\})(?=/)", expr[2:-1]) if c]
    if len(chunks) > 1 and "{" not in chunks[-1]:  # a static tail joins the piece before it
        chunks[-2:] = [chunks[-2] + chunks[-1]]
    pieces: List[str] = []
    for chunk in chunks:
        if len(f'        f"{chunk}"') <= WIDTH:
            pieces.append(f'f"{chunk}"')
        else:  # a long id: its segment on a line of its own, the text around it plain
            parts = [p for p in re.split(r"(\{[^}]*\})", chunk) if p]
            pieces += [f'f"{p}"' if p.startswith("{") else f'"{p}"' for p in parts]
    return [f"    {name} = ("] + [f"        {piece}" for piece in pieces] + ["    )"], name


def _options(method: Method) -> List[str]:
    args = []
    if method.admin:
        args.append(templates.ADMIN_AUTH_ARG)
    if "extra_headers" in method.options:
        layers = _header_layers(method)
        if layers:
            args.append("extra_headers=headers" if _long_headers(method) else
                        f"extra_headers={{{', '.join(layers)}, **(extra_headers or {{}})}}")
        else:
            args.append("extra_headers=extra_headers")
    args += [f"{name}={name}" for name in ("extra_query", "extra_body", "timeout") if name in method.options]
    return args


def _header_layers(method: Method) -> List[str]:
    layers = [f'"{k}": "{v}"' for k, v in method.headers.items()]
    given = [f'"{p.wire}": {p.name}' for p in method.params if p.where == "header"]
    if given:
        layers.append("**" + templates.HEADERS_CALL.format(mapping="{" + ", ".join(given) + "}"))
    return layers


def _long_headers(method: Method) -> bool:
    """Whether the headers are built beforehand: too long to pass inline."""
    layers = _header_layers(method)
    return bool(layers) and len(f"extra_headers={{{', '.join(layers)}, **(extra_headers or {{}})}}") > 100


def _headers_lines(method: Method) -> List[str]:
    layers = [*_header_layers(method), "**(extra_headers or {})"]
    return ["    headers = {", *pack(layers, 8), "    }"]


def _names_tuple(names: List[str]) -> str:
    return "(" + ", ".join(f'"{n}"' for n in names) + ("," if len(names) == 1 else "") + ")"


def _fields_constant(method: Method) -> str:
    return f"_{method.name.upper()}_FIELDS"


def _constants(method: Method) -> List[str]:
    """Module constants a function uses: the names of its body fields when they are many."""
    fields = [p.name for p in method.params if p.where == "body"]
    if len("    body = " + templates.BODY_CALL.format(names=_names_tuple(fields))) <= WIDTH:
        return []
    return [f"{_fields_constant(method)} = (", *pack([f'"{n}"' for n in fields], 4), ")", "", ""]


def _body(method: Method) -> Tuple[List[str], List[str]]:
    """Lines that build the body, query and files, and the arguments that pass them on."""
    lines: List[str] = []
    args: List[str] = []
    fields = [p.name for p in method.params if p.where == "body"]
    files = [p.name for p in method.params if p.where == "file"]
    query = [p.name for p in method.params if p.where == "query"]
    taken = {p.name for p in method.params} & _LOCALS
    if taken:
        raise ValueError(f"{method.full_name}: a parameter named {sorted(taken)} hides a local of the function")
    if fields or files:
        line = "    body = " + templates.BODY_CALL.format(names=_names_tuple(fields))
        if len(line) > WIDTH:  # the names in a constant above the function, as the hand-written modules do
            line = "    body = " + templates.BODY_CALL.format(names=_fields_constant(method))
        lines.append(line)
        args.append("body=body")
    if files:
        always = " or {}" if method.always_multipart else ""
        head, _, rest = templates.FILES_CALL.format(names=_names_tuple(files)).partition("(")
        lines += call(f"file_parts = {head}", split_args(rest[:-1]), 4, always)
        args.append("files=file_parts")
    if query:
        pairs = [f"{name}={name}" for name in query]
        inline = "query=" + templates.QUERY_CALL.format(args=", ".join(pairs))
        if len(inline) <= 80:
            args.append(inline)
        else:
            head = templates.QUERY_CALL.partition("(")[0]
            lines += call(f"query = {head}", pairs, 4)
            args.append("query=query")
    path_lines, _expr = _path_lines(method)
    lines += path_lines
    if "extra_headers" in method.options and _long_headers(method):
        lines += _headers_lines(method)
    return lines, args


def _notices(methods: List[Method]) -> Dict[str, str]:
    """openai-python's deprecation notices of the module's methods -> the constant holding each."""
    notices = sorted({m.deprecated for m in methods if m.deprecated})
    return {notice: "DEPRECATION" + ("" if i == 0 else f"_{i + 1}") for i, notice in enumerate(notices)}


def render_function(method: Method, notices: Dict[str, str], hand_written: Set[str]) -> List[str]:
    session = _session_name(method)
    lines = _constants(method) + _overloads(method) + _signature(method)
    lines += docstring(method.doc, 4)
    if method.deprecated:
        message = f'f"{method.full_name} is deprecated: {{{notices[method.deprecated]}}}"'
        lines += call("warnings.warn", [message, "DeprecationWarning", "stacklevel=2"], 4)
    build, args = _body(method)
    lines += build
    _lines, path = _path_lines(method)
    verb = f'"{method.verb}"'
    options = _options(method)
    target = templates.SESSION_CALL.format(session=session, verb="{verb}")
    if method.result == "page" and method.verb == "GET":
        item = method.result_type if _castable(method.result_type) else "object"
        if item in hand_written:  # may be an open union, which mypy does not take for a class
            item = f"cast(Any, {item})"
        annotation = _result_annotation(method)
        local = "first_page" if any(p.name == "page" for p in method.params) else "page"
        head = f"{local}: {annotation} = " + target.format(verb="get_page")
        lines += call(head, [path, f"item_type={item}", f"page_cls={method.page}", *args, *options], 4)
        lines.append(f"    return {local}")
    elif method.result == "page":
        cast = f"{method.page}[{method.result_type}]"
        lines += call("return " + target.format(verb="request"), [verb, path, f"cast_to={cast}", *args, *options], 4)
    elif method.result == "binary":
        lines += call("return " + target.format(verb="download"), [verb, path, *args, *options], 4)
    elif method.result == "stream":
        cast = method.result_type if _castable(method.result_type) else "object"
        kind = ["stream_cls=EventStream"] if method.event_stream else []
        head = "return " + target.format(verb="stream")
        lines += call(head, [verb, path, f"cast_to={cast}", *kind, *args, *options], 4)
    elif method.result == "none":
        lines += call(target.format(verb="request"), [verb, path, "cast_to=bytes", *args, *options], 4)
    else:
        if method.event_schema is not None:  # ``stream=True``: the events instead
            events = method.event_type if _castable(method.event_type) else "object"
            events = f"cast(Any, {events})" if events in hand_written else events  # a union to type checkers
            lines.append("    if stream is True:")
            head = "return " + target.format(verb="stream")
            lines += call(head, [verb, path, f"cast_to={events}", *args, *options], 8)
        cast = method.result_type if _castable(method.result_type) else "object"
        lines += call("return " + target.format(verb="request"), [verb, path, f"cast_to={cast}", *args, *options], 4)
    return lines


def _source_note(methods: List[Method]) -> List[str]:
    """Where the module's wire shapes come from: the spec, or openai-python's types for the
    endpoints the spec does not describe."""
    outside = [m.name for m in methods if m.operation.supplement]
    if not outside:
        source = "Derived from the OpenAPI spec, with openai-python's names and call shapes."
    elif len(outside) == len(methods):
        source = ("Derived from openai-python's types, names and call shapes: the OpenAPI spec does not "
                  "describe these endpoints.")
    else:
        names = ", ".join(f"``{name}``" for name in outside)
        source = ("Derived from the OpenAPI spec, with openai-python's names and call shapes (and its types "
                  f"for {names}, which the spec does not describe).")
    text = source + " Parameters default to ``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null``."
    return textwrap.wrap(text, 100)


def render_resource_module(
    methods: List[Method], placement: Dict[str, str], hand_written: Set[str], depth: int, title: str
) -> str:
    """The module of one namespace's ``methods``; ``placement`` says where each class lives,
    ``hand_written`` which of them are hand-written types reused."""
    pkg = "." * (depth + 2)
    res = "." * (depth + 1)
    notices = _notices(methods)
    functions = [render_function(m, notices, hand_written) for m in methods]
    text_parts = [line for f in functions for line in f]
    code = "\n".join(text_parts)
    signatures = [line for m in methods for line in [*_overloads(m), *_signature(m)]]
    typing = typing_names(signatures + [line for line in text_parts if "cast(Any" in line])
    used_names: Set[str] = {n for line in text_parts for n in _names_in(line)}
    type_imports: Dict[str, Set[str]] = {}
    for name in sorted(used_names):
        if name in placement:
            type_imports.setdefault(placement[name], set()).add(name)
    pages = sorted({m.page for m in methods if m.page})
    aliases = {templates.OPTION_ALIASES[o] for m in methods for o in m.options if o in templates.OPTION_ALIASES}
    helpers = sorted(set(templates.PARAMS_NAMES) | aliases)
    checking = sorted(n for n in templates.TYPE_CHECKING_IMPORTS if n in used_names)
    if checking:
        typing = sorted(set(typing) | {"TYPE_CHECKING"}, key=lambda n: (n != "TYPE_CHECKING", n))
    lines = [templates.MARKER, f'"""{title}', ""]
    lines += [*_source_note(methods), '"""']
    lines += [
        "",
        "from __future__ import annotations",
        "",
    ]
    standard = ["import warnings"] if any(m.deprecated for m in methods) else []
    if typing:
        standard += import_line("typing", typing)
    unset = ["UNSET"] + (["UnsetType"] if "UnsetType" in "\n".join(signatures) else [])
    lines += [*standard, *([""] if standard else []), *import_line("msgspec", unset), ""]
    local: List[Tuple[Tuple[int, str], List[str]]] = []

    def add(line: str) -> None:
        module, _, names = line[5:].partition(" import ")
        dots = len(module) - len(module.lstrip("."))
        local.append(((-dots, module.lstrip(".")), import_line(module, names.split(", "))))

    if "path_segment(" in code:
        add(templates.PATH_SEGMENT_IMPORT.format(pkg=pkg))
    if pages:
        add(templates.PAGES_IMPORT.format(pkg=pkg, names=", ".join(pages)))
    if any(m.result == "stream" or m.event_schema is not None for m in methods):
        add(templates.STREAM_IMPORT.format(pkg=pkg))
    if any(m.result == "stream" and m.event_stream for m in methods):
        add(templates.EVENT_STREAM_IMPORT.format(pkg=pkg))
    for module, names in sorted(type_imports.items()):
        add(templates.TYPES_IMPORT.format(pkg=pkg, module=module, names=", ".join(sorted(names))))
    if "_params." in code:
        add(templates.PARAMS_MODULE_IMPORT.format(res=res))
    add(templates.PARAMS_IMPORT.format(res=res, names=", ".join(helpers)))
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
