"""Names: of generated modules and classes (from openai-python's namespace paths), of fields, and
the short text taken from the spec's descriptions."""

from __future__ import annotations

import keyword
import re

from . import config

__all__ = [
    "camel",
    "class_name",
    "facade_module",
    "field_attr",
    "first_sentence",
    "resource_module",
    "singular",
    "types_module",
]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def camel(text: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", text)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def first_sentence(text: str, limit: int = 110) -> str:
    """The first sentence of a spec description (its first paragraph), without markdown links, short."""
    paragraph = str(text).strip().split("\n\n")[0]
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", " ".join(paragraph.split()))
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else (text + "." if text else "")
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        sentence = cut + "..."
    return sentence.replace('"""', "'''").replace("\\", "\\\\")


def field_attr(name: str) -> str:
    attr = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not _IDENT.match(attr) or keyword.iskeyword(attr) or attr.startswith("_"):
        attr = "field_" + attr.lstrip("_") if not keyword.iskeyword(attr) else attr + "_"
    return attr


def _short(namespace: str) -> str:
    """``admin.organization.projects.users`` -> ``projects.users`` (admin modules sit in ``admin/``)."""
    if namespace in (config.ADMIN_PREFIX, "admin"):
        return "organization"
    if namespace.startswith(config.ADMIN_PREFIX + "."):
        return namespace[len(config.ADMIN_PREFIX) + 1 :]
    return namespace


def _module(namespace: str) -> str:
    if namespace in config.MODULE_NAMES:
        return config.MODULE_NAMES[namespace]
    if namespace.split(".", maxsplit=1)[0] == "admin":
        return "admin." + _short(namespace).replace(".", "_")
    return namespace.replace(".", "_")


def resource_module(namespace: str) -> str:
    """Dotted module under ``openai_compat.resources``: ``evals_runs``, ``admin.projects_users``."""
    return _module(namespace)


def types_module(namespace: str) -> str:
    """Dotted module under ``openai_compat.types`` for the classes of ``namespace`` (a prefix of
    several namespaces for shared classes; ``shared`` for classes with no common prefix)."""
    return _module(namespace) if namespace else "shared"


def class_name(namespace: str) -> str:
    """The facade class of a namespace: ``EvalsRuns``, ``ProjectsUsers``, ``Admin``."""
    if namespace == "admin":
        return "Admin"
    if namespace in config.MIXIN_ROOTS:
        return config.MIXIN_ROOTS[namespace]
    return camel(_short(namespace).replace(".", "_"))


def facade_module(namespace: str) -> str:
    """The facade module holding the classes of ``namespace`` and below (unless split off)."""
    if namespace in config.MIXIN_ROOTS:  # WebhookEndpoints -> webhook_endpoints
        return re.sub(r"(?<!^)(?=[A-Z])", "_", config.MIXIN_ROOTS[namespace]).lower()
    if namespace.startswith(config.ADMIN_PREFIX + "."):
        return "admin_" + _short(namespace).replace(".", "_")
    return namespace.replace(".", "_")
