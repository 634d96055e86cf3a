"""API conformance of every method derived from the spec (``scripts/generate``), against the Steady mock.

One test per method: it is called through the client's facade with the arguments openai-python and
the spec require (``spec_examples``), then again with every optional parameter the spec describes
(files, query arrays and objects, body objects); the mock validates each request (any diagnostic
fails the test) and the answer, random values the spec allows, must decode into the method's
result type. A list method also fetches its next page
when the mock's random page says there is one (``test_generated_pages`` pages every list method
deterministically).
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import pytest
from mock_api import MockAPICheck
from spec_examples import arguments, generated_methods, resolve, result_class_names

from openai_compat import BinaryResponse, Client, Stream

pytestmark = [
    pytest.mark.mock_api,
]

# The methods the spec describes (the others, typed from openai-python, are not served by the mock:
# tests/test_generated_outside_spec.py checks them against openai-python's recorded shapes).
METHODS = [m for m in generated_methods()[1] if not m.operation.supplement]
STRUCTS = generated_methods()[2].structs
EXTERNAL = generated_methods()[2].external


def _named(obj: Any, name: str) -> bool:
    """Whether ``obj`` is of the generated class ``name`` (or, for an open union, of one of its
    members or its ``Unknown`` fallback). A lenient twin (types/_lenient.py) has the same name."""
    if name in EXTERNAL:  # a hand-written class the generator reuses (``Response``, ``OutputItem``)
        return isinstance(obj, getattr(importlib.import_module(f"openai_compat.types.{EXTERNAL[name]}"), name))
    union = STRUCTS.get(name)
    names = {name}
    if union is not None and union.kind == "union":
        names = {cls for _tag, cls in union.members} | {union.unknown}
    return any(cls.__name__ in names for cls in type(obj).__mro__)


def _check_result(method: Any, result: Any) -> None:
    expected = result_class_names(method)
    if method.event_schema is not None and isinstance(result, Stream):  # asked with stream=True
        events = list(result)
        assert events and all(_named(event, method.event_type) for event in events)
    elif method.result == "none":
        assert result is None
    elif method.result == "binary":
        assert isinstance(result, BinaryResponse)
        assert isinstance(result.content, bytes)
    elif method.result == "page":
        assert type(result).__name__ == method.page
        for item in result.data:
            assert expected is None or _named(item, expected), f"{type(item).__name__} is not {expected}"
    elif expected is not None:
        assert _named(result, expected), f"{type(result).__name__} is not {expected}"


def _call(client: Client, method: Any, args: Any, kwargs: Any) -> Any:
    function = resolve(client, method)
    if not method.deprecated:
        return function(*args, **kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught), "a deprecated method warns"
    return result


@pytest.mark.parametrize("method", METHODS, ids=[m.full_name for m in METHODS])
def test_generated_method(mock_api: MockAPICheck, method: Any) -> None:
    client = Client._from_session(mock_api.session(admin_api_key="sk-admin-test"))
    args, kwargs = arguments(method)
    result = _call(client, method, args, kwargs)
    _check_result(method, result)
    if method.result == "page" and result.has_next_page():
        _check_result(method, result.get_next_page())
    if any(p.where != "path" and not p.required for p in method.params):
        args, kwargs = arguments(method, optional=True)
        if "text/event-stream" not in method.operation.success_response()[1]:
            kwargs.pop("stream", None)  # the mock would answer JSON (test_generated checks the stream)
        _check_result(method, _call(client, method, args, kwargs))
    mock_api.assert_valid()


def test_every_generated_namespace_is_covered() -> None:
    assert len(METHODS) > 150, "the generator's model lost methods"
    assert {m.namespace.split(".")[0] for m in METHODS} >= {"admin", "evals", "containers", "skills", "videos"}
