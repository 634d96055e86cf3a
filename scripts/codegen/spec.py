"""Reading the OpenAPI spec: loading, ``$ref`` resolution and finding the operation of a method."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["Operation", "Spec"]

_PLACEHOLDER = re.compile(r"\{[^}]+\}")
_VERBS = ("get", "post", "put", "patch", "delete")


class Operation:
    """One ``(verb, path)`` of the spec with its parameters (path-level ones included)."""

    def __init__(self, spec: Spec, verb: str, path: str, raw: Dict[str, Any], shared: List[Any]) -> None:
        self.spec = spec
        self.verb = verb
        self.path = path
        self.raw = raw
        self.parameters = [spec.resolve(p) for p in [*shared, *raw.get("parameters", [])]]
        self.supplement = False  # from openai-python's types rather than the spec

    @property
    def summary(self) -> str:
        return str(self.raw.get("summary") or self.raw.get("description") or "")

    def params_in(self, where: str) -> List[Dict[str, Any]]:
        return [p for p in self.parameters if p.get("in") == where]

    def request_content(self) -> Dict[str, Any]:
        body = self.raw.get("requestBody")
        if not body:
            return {}
        return dict(self.spec.resolve(body).get("content", {}))

    def success_response(self) -> Tuple[str, Dict[str, Any]]:
        """The first 2xx response: its status and its content by media type."""
        for status, response in sorted(self.raw.get("responses", {}).items()):
            if str(status).startswith("2"):
                return str(status), dict(self.spec.resolve(response).get("content") or {})
        return "200", {}


class Spec:
    """The parsed spec; ``resolve`` follows ``$ref`` chains within the document."""

    def __init__(self, path: Path, supplement: Optional[Dict[str, Any]] = None) -> None:
        import yaml

        # The repository keeps its copy compressed (openapi/openai-openapi.yaml.gz): read it as is.
        text = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        self.sha256 = hashlib.sha256(text).hexdigest()
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses the 3 MB spec in ~1 s
        self.doc: Dict[str, Any] = yaml.load(text, Loader=loader)
        self.schemas: Dict[str, Any] = self.doc["components"]["schemas"]
        self._operations: Dict[Tuple[str, str], Operation] = {}
        # Method -> parameter -> schema, for what openai-python sends to an operation of the spec
        # that the spec does not describe (from the supplement).
        self.param_schemas: Dict[str, Dict[str, Any]] = {}
        self._add_paths(self.doc["paths"], supplement=False)
        if supplement is not None:
            self._merge(supplement)

    def _add_paths(self, paths: Dict[str, Any], *, supplement: bool) -> None:
        for route, item in paths.items():
            shared = item.get("parameters", [])
            for verb in _VERBS:
                key = (verb.upper(), _PLACEHOLDER.sub("{}", route))
                if verb in item and not (supplement and key in self._operations):
                    self._operations[key] = Operation(self, verb.upper(), route, item[verb], shared)
                    self._operations[key].supplement = supplement

    def _merge(self, supplement: Dict[str, Any]) -> None:
        """Add the operations of ``supplement`` (an OpenAPI fragment recorded from openai-python's
        types, see ``introspect_types.py``) that the spec lacks, with the schemas they use."""
        clashes = sorted(set(supplement["components"]["schemas"]) & set(self.schemas))
        if clashes:
            raise ValueError(f"the spec now has schemas named as the supplement's ({', '.join(clashes[:5])}, ...): "
                             "run scripts/codegen/introspect_types.py again")
        self.schemas.update(supplement["components"]["schemas"])
        self._add_paths(supplement["paths"], supplement=True)
        self.param_schemas = dict(supplement.get("x-params") or {})

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            node = self.lookup(node["$ref"])
            seen += 1
            if seen > 50:
                raise ValueError("a $ref cycle")
        return node

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, not {ref}")
        node: Any = self.doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operation(self, verb: str, path: str) -> Optional[Operation]:
        """The operation for openai-python's ``verb`` and ``path`` (placeholder names may differ)."""
        return self._operations.get((verb.upper(), _PLACEHOLDER.sub("{}", path)))


def ref_name(node: Any) -> Optional[str]:
    """``Foo`` for ``{"$ref": "#/components/schemas/Foo"}``."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref.startswith("#/components/schemas/"):
            return str(ref.rsplit("/", 1)[1])
    return None
