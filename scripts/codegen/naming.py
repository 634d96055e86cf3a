"""Names of generated modules and classes, from openai-python's namespace paths."""

from __future__ import annotations

from . import config
from .schemas import camel

__all__ = ["class_name", "facade_module", "resource_module", "types_module"]


def _short(namespace: str) -> str:
    """``admin.organization.projects.users`` -> ``projects.users`` (admin modules sit in ``admin/``)."""
    if namespace in (config.ADMIN_PREFIX, "admin"):
        return "organization"
    if namespace.startswith(config.ADMIN_PREFIX + "."):
        return namespace[len(config.ADMIN_PREFIX) + 1 :]
    return namespace


def _module(namespace: str) -> str:
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
    return camel(_short(namespace).replace(".", "_"))


def facade_module(namespace: str) -> str:
    """The facade module holding the classes of ``namespace`` and below (unless split off)."""
    if namespace.startswith(config.ADMIN_PREFIX + "."):
        return "admin_" + _short(namespace).replace(".", "_")
    return namespace.replace(".", "_")
