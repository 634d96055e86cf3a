"""The generated methods the OpenAPI spec does not describe (``beta.agents``, ``live``, ``safety``,
``decisions``, the webhook endpoints, part of ``admin``), typed from openai-python's own types.

The mock API cannot serve them, so each is called through the client on a ``MockTransport`` with
every parameter it takes, and the request is checked against openai-python 3.57.0's recorded call
(``scripts/codegen/openai_surface.json``, independent of the generator's model): the verb, the path
with its ids, which parameters go in the query and which in the JSON body, the headers it adds and
the key it sends. The answer, an example of the result type openai-python declares, must decode
into the class the method returns.
"""

from __future__ import annotations

import json
import warnings
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from spec_examples import ROOT, arguments, example, generated_methods, resolve, result_class_names

from openai_compat import BinaryResponse, Client, Response, Stream
from openai_compat.testing import MockTransport, json_response, request_json, sse_response

SURFACE = {
    (entry["namespace"], entry["name"]): entry
    for entry in json.loads((ROOT / "scripts" / "codegen" / "openai_surface.json").read_text())["methods"]
}
METHODS = [m for m in generated_methods()[1] if m.operation.supplement]
STRUCTS = generated_methods()[2].structs
ADMIN_KEY, API_KEY = "sk-admin-outside", "sk-project-outside"


def _answer(method: Any) -> Tuple[Any, Any]:
    """A response for ``method`` built from the result type openai-python declares, and the value
    it carries (for the checks)."""
    spec = method.operation.spec
    _status, content = method.operation.success_response()
    if method.result == "none":
        return json_response(None, status=204), None
    if method.result == "binary":
        data = b"\x00binary answer\n"
        return Response(200, {"content-type": "application/octet-stream"}, content=data), data
    media = "text/event-stream" if method.result == "stream" else "application/json"
    value = example(spec, content[media]["schema"])
    if method.result == "stream":
        return sse_response([value]), value
    return json_response(value), value


def _expected_path(entry: Dict[str, Any], args: List[Any], kwargs: Dict[str, Any], method: Any) -> str:
    values = dict(zip([p.name for p in method.params if p.positional], args), **kwargs)
    path = entry["path"]
    for placeholder, name in (entry.get("path_args") or {}).items():
        path = path.replace("{" + placeholder + "}", str(values[name]))
    return "/v1" + path


def _named(obj: Any, name: str) -> bool:
    union = STRUCTS.get(name)
    names = {name}
    if union is not None and union.kind == "union":
        names = {cls for _tag, cls in union.members} | {union.unknown}
    return any(cls.__name__ in names for cls in type(obj).__mro__)


def _call(method: Any, transport: MockTransport, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    client = Client(api_key=API_KEY, admin_api_key=ADMIN_KEY, base_url="https://api.test/v1", transport=transport)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return resolve(client, method)(*args, **kwargs)


@pytest.mark.parametrize("method", METHODS, ids=[m.full_name for m in METHODS])
def test_outside_spec_method_sends_openai_pythons_request(method: Any) -> None:
    entry = SURFACE[(method.namespace, method.name)]
    args, kwargs = arguments(method, optional=True)
    response, value = _answer(method)
    transport = MockTransport(responses=[response])
    result = _call(method, transport, args, kwargs)
    (request,) = transport.requests
    assert request.method == entry["verb"]
    url = urlsplit(request.url)
    assert unquote(url.path) == _expected_path(entry, args, kwargs, method)
    given = set(kwargs) - {"extra_body"}
    sent = {name.split("[", 1)[0] for name in parse_qs(url.query)}  # ``ids[]=a``, ``metadata[k]=v``
    assert sent == {name for name in given & set(entry.get("query") or []) if kwargs[name] != {}}  # {}: no pair
    body_names = given & set(entry.get("body") or [])
    if body_names or "extra_body" in kwargs:
        assert set(request_json(request)) == body_names | set(kwargs.get("extra_body", {}))
    else:
        assert request.body in (None, b"")
    for header, expected in (entry.get("headers") or {}).items():
        if expected != "<param>":
            assert request.headers[header] == expected, header
    key = ADMIN_KEY if "admin_api_key_auth" in (entry.get("security") or []) else API_KEY
    assert request.headers["Authorization"] == f"Bearer {key}"
    _check_result(method, result, value)


def _check_result(method: Any, result: Any, value: Any) -> None:
    expected = result_class_names(method)
    if method.result == "none":
        assert result is None
    elif method.result == "binary":
        assert isinstance(result, BinaryResponse) and result.content == value
    elif method.result == "stream":
        assert isinstance(result, Stream)
        (event,) = list(result)
        assert expected is None or _named(event, expected)
        assert event.to_dict() == value
    elif method.result == "page":
        assert type(result).__name__ == method.page
        assert all(expected is None or _named(item, expected) for item in result.data)
    else:
        assert expected is None or _named(result, expected), f"{type(result).__name__} is not {expected}"
        assert result.to_dict() == value  # nothing received is lost


def test_header_parameters_go_in_their_headers() -> None:
    transport = MockTransport(responses=[json_response(None, status=204)])
    client = Client(api_key=API_KEY, base_url="https://api.test/v1", transport=transport)
    client.beta.agents.sessions.events.create("sess_1", events=[], idempotency_key="idem-1")
    request = transport.last_request
    assert request.headers["Idempotency-Key"] == "idem-1"
    assert request.headers["OpenAI-Beta"] == "agents=v1"
    assert request_json(request) == {"events": []}


def test_a_mapping_in_the_query_is_sent_as_deep_object() -> None:
    transport = MockTransport(responses=[json_response({"data": [], "has_more": False})])
    client = Client(api_key=API_KEY, base_url="https://api.test/v1", transport=transport)
    client.beta.agents.sessions.list(metadata={"team": "a b"}, limit=3)
    assert parse_qs(urlsplit(transport.last_request.url).query) == {"metadata[team]": ["a b"], "limit": ["3"]}


def test_every_namespace_outside_the_spec_is_covered() -> None:
    assert len(METHODS) >= 90, "the supplement lost methods"
    tops = {m.namespace.split(".")[0] for m in METHODS} | {".".join(m.namespace.split(".")[:2]) for m in METHODS}
    assert tops >= {"beta.agents", "live", "safety", "decisions", "webhooks", "admin", "audio"}
