"""Facade modules: the namespace classes that bind the generated resource functions.

Each generated root (``config.ROOTS``) gets a module with the classes of its whole subtree; a
module that would grow past ``MAX_LINES`` hands its largest child subtree to a module of its own,
imported when that child is first used. A small mixins module hangs the roots on the hand-written
client and namespaces, each imported on first use, so ``import openai_compat`` imports none of it.
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from . import config, naming, templates
from .emit import all_list, docstring, import_line
from .methods import Method
from .naming import camel

__all__ = ["Node", "build_tree", "render_facades", "render_mixins"]

MAX_LINES = 360


class Node:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.methods: List[Method] = []
        self.hand_written: List[Tuple[str, str]] = []  # (method, resource module) bound beside the generated
        self.children: Dict[str, Node] = {}
        self.module = ""

    @property
    def attr(self) -> str:
        return self.namespace.rsplit(".", 1)[-1]

    @property
    def cls(self) -> str:
        return naming.class_name(self.namespace)

    def walk(self) -> List[Node]:
        """This node's subtree, children before their parents."""
        out: List[Node] = []
        for child in self.children.values():
            out += child.walk()
        out.append(self)
        return out


def build_tree(methods: List[Method]) -> List[Node]:
    """One tree per root that has at least one method."""
    nodes: Dict[str, Node] = {}
    roots: List[Node] = []
    for method in methods:
        root = next(r for r in config.ROOTS if method.namespace == r or method.namespace.startswith(r + "."))
        parts = method.namespace.split(".")
        depth = len(root.split("."))
        for i in range(depth, len(parts) + 1):
            name = ".".join(parts[:i])
            if name not in nodes:
                nodes[name] = Node(name)
                if i == depth:
                    roots.append(nodes[name])
                else:
                    parent = nodes[".".join(parts[: i - 1])]
                    parent.children[parts[i - 1]] = nodes[name]
        nodes[method.namespace].methods.append(method)
    for full, (module, _why) in sorted(config.HAND_WRITTEN.items()):
        namespace, _, name = full.rpartition(".")
        nodes[namespace].hand_written.append((name, module))
    for node in nodes.values():
        node.children = dict(sorted(node.children.items()))
    return sorted(roots, key=lambda n: n.namespace)


def _summary(node: Node) -> str:
    verbs = sorted([m.name for m in node.methods] + [name for name, _module in node.hand_written])
    subs = [f"``{c}``" for c in node.children]
    parts = []
    if verbs:
        parts.append(", ".join(verbs[:-1]) + (" and " if len(verbs) > 1 else "") + verbs[-1])
    if subs:
        parts.append(("with " if verbs else "") + ", ".join(subs))
    return f"``client.{node.namespace}``: " + "; ".join(parts) + "."


def _class_lines(node: Node) -> Tuple[List[str], Set[Tuple[str, str]]]:
    """The class, and the ``(facade module, class)`` pairs it imports when first used."""
    lazy: Set[Tuple[str, str]] = set()
    lines = [f"class {node.cls}({templates.NAMESPACE_BASE}):", *docstring(_summary(node), 4)]
    if node.methods or node.hand_written:
        bound = [(m.name, m.module.rpartition(".")[2]) for m in node.methods] + node.hand_written
        lines += ["", *[f"    {name} = {module}.{name}" for name, module in sorted(bound)]]
    for attr, child in node.children.items():
        lines += ["", "    @cached_property", f"    def {attr}(self) -> {child.cls}:"]
        if child.module != node.module:
            lines += [f"        from .{templates.FACADE_MODULE.format(name=child.module)} import {child.cls}", ""]
            lazy.add((child.module, child.cls))
        lines.append(f"        return {child.cls}({templates.CHILD_SESSION})")
    return lines, lazy


def _render(nodes: List[Node]) -> str:
    by_sub: Dict[str, List[str]] = {}
    for node in nodes:
        for method in node.methods:
            sub, _, leaf = method.module.rpartition(".")
            if leaf not in by_sub.setdefault("." + sub if sub else "", []):
                by_sub["." + sub if sub else ""].append(leaf)
        for _name, module in node.hand_written:
            if module not in by_sub.setdefault("", []):
                by_sub[""].append(module)
    bodies: List[List[str]] = []
    lazy: Set[Tuple[str, str]] = set()
    for node in nodes:
        body, wanted = _class_lines(node)
        bodies.append(body)
        lazy |= wanted
    root = nodes[-1]
    lines = [templates.MARKER, f'"""The ``client.{root.namespace}`` namespaces, imported when first used."""', ""]
    lines += ["from __future__ import annotations", ""]
    needs_property = any(node.children for node in nodes)
    if needs_property:
        lines += ["from functools import cached_property"]
    if lazy:
        lines += import_line("typing", ["TYPE_CHECKING"])
    if lazy or needs_property:
        lines.append("")
    heads = [templates.NAMESPACE_BASE_IMPORT]
    heads += [templates.RESOURCES_IMPORT.format(sub=sub, module=", ".join(sorted(leaves)))
              for sub, leaves in by_sub.items() if leaves]
    local: List[Tuple[Tuple[int, str], List[str]]] = []
    for head in heads:
        module_path, _, names = head[5:].partition(" import ")
        dots = len(module_path) - len(module_path.lstrip("."))
        local.append(((-dots, module_path.lstrip(".")), import_line(module_path, names.split(", "))))
    for _key, block in sorted(local):
        lines += block
    if lazy:
        lines += ["", "if TYPE_CHECKING:"]
        for module in sorted({m for m, _ in lazy}):
            classes = sorted(c for m, c in lazy if m == module)
            lines += [f"    from .{templates.FACADE_MODULE.format(name=module)} import {', '.join(classes)}"]
    lines += ["", *all_list(node.cls for node in nodes)]
    for body in bodies:
        lines += ["", "", *body]
    return "\n".join(lines) + "\n"


def _members(head: Node) -> List[Node]:
    return [n for n in head.walk() if n.module == head.module]


def render_facades(roots: List[Node]) -> Dict[str, str]:
    """Facade module name (under ``_facade/``) -> text."""
    heads: List[Node] = []
    for root in roots:
        for node in root.walk():
            node.module = naming.facade_module(root.namespace)
        heads.append(root)
    changed = True
    while changed:
        changed = False
        for head in list(heads):
            members = _members(head)
            candidates = [n for n in members if n is not head and n.children]
            if _render(members).count("\n") > MAX_LINES and candidates:
                largest = max(candidates, key=lambda n: (len(n.walk()), n.namespace))
                for node in largest.walk():
                    if node.module == head.module:
                        node.module = naming.facade_module(largest.namespace)
                heads.append(largest)
                changed = True
    return {head.module: _render(_members(head)) for head in heads}


def _parent_class(parent: str) -> str:
    return "ClientNamespaces" if not parent else camel(parent.replace(".", "_")) + "Namespaces"


def render_mixins(roots: List[Node]) -> str:
    by_parent: Dict[str, List[Node]] = {}
    for root in roots:
        if root.namespace in config.MIXIN_ROOTS:  # the hand-written namespace inherits the class
            continue
        parent = root.namespace.rpartition(".")[0]
        by_parent.setdefault(parent, []).append(root)
    lines = [templates.MARKER, '"""Mixins that hang the generated namespaces on the client and on the',
             "hand-written namespaces. Each namespace module is imported when the namespace is first used.", '"""',
             "", "from __future__ import annotations", "", "from functools import cached_property",
             *import_line("typing", ["TYPE_CHECKING"]), "", "if TYPE_CHECKING:"]
    checking = [templates.CLIENT_SESSION_TYPE_IMPORT]
    checking += [f"from .{templates.FACADE_MODULE.format(name=r.module)} import {r.cls}" for r in roots
                 if r.namespace not in config.MIXIN_ROOTS]
    lines += ["    " + line for line in sorted(checking, key=lambda line: line.split()[1])]
    lines += ["", *all_list(_parent_class(p) for p in by_parent)]
    for parent in sorted(by_parent):
        owner = "the client" if not parent else f"``client.{parent}``"
        session = templates.CLIENT_SESSION if not parent else templates.CHILD_SESSION
        attr = session.split(".")[1]
        about = docstring(f"The generated namespaces of {owner}.", 4)
        lines += ["", "", f"class {_parent_class(parent)}:", *about, "", f"    {attr}: Session"]
        for root in by_parent[parent]:
            module = templates.FACADE_MODULE.format(name=root.module)
            lines += ["", "    @cached_property", f"    def {root.attr}(self) -> {root.cls}:",
                      f"        from .{module} import {root.cls}", "", f"        return {root.cls}({session})"]
    return "\n".join(lines) + "\n"

