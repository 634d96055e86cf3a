"""The modules derived from the spec: up to date, loaded on first use, paging, and sending what was asked.

The conformance of each generated method against the mock API is in ``test_mock_api_generated``;
here ``MockTransport`` scripts the answers so the requests can be checked exactly.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

import pytest
from spec_examples import ROOT, SPEC_PATH, arguments, generated_methods, resolve

from openai_compat import Client, Response
from openai_compat.testing import MockTransport, json_response, request_json, sse_response

METHODS = generated_methods()[1]
LIST_METHODS = [m for m in METHODS if m.result == "page" and m.verb == "GET"]


def test_generated_modules_are_up_to_date() -> None:
    """What scripts/generate writes from the spec now is what is committed (run it if this fails)."""
    from scripts.codegen import generate

    files, _notes = generate.generate(SPEC_PATH)
    assert generate.differences(files) == []


def _generated_module_names() -> List[str]:
    from scripts.codegen import generate

    return [path[:-3].replace("/", ".").removesuffix(".__init__") for path in generate.generated_on_disk()]


def test_import_and_construction_load_no_generated_namespace() -> None:
    code = (
        "import sys, openai_compat; openai_compat.Client(api_key='k', base_url='http://127.0.0.1:9'); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('openai_compat'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded = set(done.stdout.split())
    generated = set(_generated_module_names())
    # The mixins that hang the namespaces on the client are tiny and import nothing else.
    assert loaded & generated == {"openai_compat._facade._generated"}
    # Nor their hand-written parts (the webhook exceptions belong to the error hierarchy, always loaded).
    hand_written = [m for m in loaded if "agent" in m or "webhook" in m]
    assert hand_written == ["openai_compat._webhook_errors"]


def test_first_use_of_a_namespace_loads_that_namespace_only() -> None:
    code = (
        "import sys, openai_compat; c = openai_compat.Client(api_key='k', base_url='http://127.0.0.1:9'); "
        "c.evals.runs; print(' '.join(sorted(m for m in sys.modules if m.startswith('openai_compat'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert "openai_compat.resources.evals_runs" in loaded
    assert not [m for m in loaded if ".admin" in m or "containers" in m]


def test_every_generated_function_is_on_the_facade_with_its_signature() -> None:
    import importlib
    import importlib.util
    import inspect

    from scripts.codegen import naming

    client = Client(api_key="sk-test", transport=MockTransport())
    for method in METHODS:
        base = f"openai_compat.resources.{naming.resource_module(method.namespace)}"
        # A namespace too long for one module continues in ``<module>_2`` (scripts/codegen/generate.py).
        candidates = [base] + [f"{base}_{n}" for n in (2, 3) if importlib.util.find_spec(f"{base}_{n}")]
        function = next(getattr(m, method.name) for m in map(importlib.import_module, candidates)
                        if hasattr(m, method.name))
        bound = resolve(client, method)
        assert bound.__func__ is function, method.full_name
        expected = inspect.signature(function)
        assert inspect.signature(bound) == expected.replace(parameters=list(expected.parameters.values())[1:])


# Where each kind of page finds the cursor of the next one (the ``after`` of the next request).
CURSOR_FIELD = {"SyncCursorPage": "id", "SyncConversationCursorPage": "last_id", "SyncNextCursorPage": "next",
                "SyncTokenPage": "next"}
# The query parameter that carries it.
CURSOR_PARAM = {"SyncTokenPage": "page"}


def _page(n: int, more: bool) -> Dict[str, Any]:
    """Page ``n``, each possible cursor field with a value of its own."""
    return {"object": "list", "data": [{"id": f"item_{n}"}], "has_more": more, "first_id": f"item_{n}",
            "last_id": f"last_{n}", "next": f"next_{n}" if more else None}


@pytest.mark.parametrize("method", LIST_METHODS, ids=[m.full_name for m in LIST_METHODS])
def test_generated_list_method_pages(method: Any) -> None:
    transport = MockTransport(responses=[json_response(_page(1, True)), json_response(_page(2, False))])
    client = Client(api_key="sk-project", admin_api_key="sk-admin", base_url="https://api.test/v1", transport=transport)
    args, kwargs = arguments(method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # videos.list: test_deprecated_... checks it
        page = resolve(client, method)(*args, **kwargs)
    assert type(page).__name__ == method.page
    assert len(list(page)) == 2  # iterating a page walks the pages after it
    first, second = transport.requests
    cursor = {"id": "item_1", "last_id": "last_1", "next": "next_1"}[CURSOR_FIELD[method.page]]
    assert parse_qs(urlsplit(second.url).query)[CURSOR_PARAM.get(method.page, "after")] == [cursor]
    assert urlsplit(second.url).path == urlsplit(first.url).path
    expected = "Bearer sk-admin" if method.admin else "Bearer sk-project"
    assert all(request.headers["Authorization"] == expected for request in transport.requests)


def _admin_client(transport: MockTransport, **options: Any) -> Client:
    options.setdefault("base_url", "https://api.test/v1")
    return Client(transport=transport, **options)


def test_admin_endpoints_send_the_admin_key_and_others_the_api_key() -> None:
    transport = MockTransport(lambda request: json_response({"object": "list", "data": [], "has_more": False}))
    client = _admin_client(transport, api_key="sk-project", admin_api_key="sk-admin")
    client.admin.organization.invites.list()
    client.evals.list()
    assert [r.headers["Authorization"] for r in transport.requests] == ["Bearer sk-admin", "Bearer sk-project"]
    assert transport.requests[0].url == "https://api.test/v1/organization/invites"


def test_admin_key_alone_is_the_bearer_of_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    transport = MockTransport(lambda request: json_response({"object": "list", "data": [], "has_more": False}))
    client = _admin_client(transport)  # no OPENAI_API_KEY: openai-python accepts an admin key alone
    assert client.admin_api_key == "sk-admin-env"
    client.evals.list()
    client.admin.organization.projects.list()
    assert {r.headers["Authorization"] for r in transport.requests} == {"Bearer sk-admin-env"}


def test_admin_endpoint_without_admin_key_says_how_to_fix_it_and_sends_nothing() -> None:
    from openai_compat import OpenAIError

    transport = MockTransport(lambda request: json_response({}))
    client = _admin_client(transport, api_key="sk-project")
    with pytest.raises(OpenAIError, match="OPENAI_ADMIN_KEY") as caught:
        client.admin.organization.users.retrieve("user_1")
    assert "sk-project" not in str(caught.value)
    assert transport.requests == []
    # A caller's own Authorization header is enough, as in openai-python.
    client.admin.organization.users.retrieve("user_1", extra_headers={"Authorization": "Bearer sk-own"})
    assert transport.last_request.headers["Authorization"] == "Bearer sk-own"


def test_admin_key_is_copied_replaced_and_kept_out_of_pickles(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    client = Client(api_key="sk-project", admin_api_key="sk-admin", base_url="https://api.test/v1")
    assert client.with_options(admin_api_key="sk-other").admin_api_key == "sk-other"
    assert client.with_options(timeout=3).admin_api_key == "sk-admin"
    assert "sk-admin" not in repr(client) + repr(client.session)
    data = pickle.dumps(client)
    assert b"sk-admin" not in data
    monkeypatch.setenv("OPENAI_API_KEY", "sk-project")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-there")
    assert pickle.loads(data).admin_api_key == "sk-admin-there"
    kept = pickle.loads(pickle.dumps(client.with_options(pickle_api_key=True)))
    assert kept.admin_api_key == "sk-admin"
    monkeypatch.delenv("OPENAI_API_KEY")
    admin_only = pickle.loads(pickle.dumps(Client(admin_api_key="sk-admin", base_url="https://api.test/v1")))
    assert admin_only.admin_api_key == "sk-admin-there" and admin_only.api_key == ""


def test_generated_method_sends_only_what_was_asked_and_the_options() -> None:
    transport = MockTransport(lambda request: json_response({"id": "eval_1", "object": "eval"}))
    client = _admin_client(transport, api_key="sk-project")
    evaluation = client.evals.update(
        "eval 1/x", name=None, extra_headers={"X-Trace": "1"}, extra_query={"q": "2"}, extra_body={"more": 3},
        timeout=7.5,
    )
    assert evaluation.id == "eval_1"
    request = transport.last_request
    assert request.method == "POST"
    assert request.url == "https://api.test/v1/evals/eval%201%2Fx?q=2"  # the id is one escaped path segment
    assert request_json(request) == {"name": None, "more": 3}  # metadata unset: not sent; None is null
    assert request.headers["X-Trace"] == "1"
    assert request.read_timeout == 7.5
    with pytest.raises(ValueError, match="eval_id"):
        client.evals.retrieve("")


def test_generated_binary_and_empty_results() -> None:
    def answer(request: Any) -> Response:
        if request.url.endswith("/content"):
            return Response(200, {"content-type": "application/zip"}, content=b"PK\x03\x04")
        return Response(200, {}, content=b"")

    transport = MockTransport(answer)
    client = _admin_client(transport, api_key="sk-project")
    with client.skills.content.retrieve("skill_1") as content:
        assert content.content == b"PK\x03\x04"
    assert transport.last_request.headers["Accept"] == "application/binary"
    assert client.containers.delete("cntr_1") is None
    assert transport.last_request.headers["Accept"] == "*/*"


def test_generated_upload_sends_a_form_with_the_file_and_json_without() -> None:
    transport = MockTransport(lambda request: json_response({"id": "cfile_1"}))
    client = _admin_client(transport, api_key="sk-project")
    client.containers.files.create("cntr_1", file=("notes.txt", b"hello", "text/plain"))
    form = transport.last_request
    assert form.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = b"".join(form.body) if not isinstance(form.body, bytes) else form.body
    assert b'name="file"; filename="notes.txt"' in body and b"hello" in body
    client.containers.files.create("cntr_1", file_id="file_1")
    assert transport.last_request.headers["Content-Type"] == "application/json"
    assert request_json(transport.last_request) == {"file_id": "file_1"}


def test_deprecated_generated_method_warns() -> None:
    transport = MockTransport(lambda request: json_response({"id": "video_1", "object": "video"}))
    client = _admin_client(transport, api_key="sk-project")
    with pytest.warns(DeprecationWarning, match="videos.retrieve is deprecated"):
        assert client.videos.retrieve("video_1").id == "video_1"


def test_generator_needs_no_openai_install() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "scripts" / "codegen").glob("*.py")
                        if not p.name.startswith("introspect_"))
    assert not re.search(r"^\s*(import openai\b|from openai\b)", sources, re.MULTILINE)


def test_a_method_answering_json_or_events_streams_when_asked() -> None:
    event = {"type": "response.completed", "sequence_number": 3, "response": {"id": "resp_1", "object": "response"}}
    transport = MockTransport(responses=[json_response({"id": "resp_1", "object": "response"}),
                                         sse_response([event]), sse_response([event])])
    client = Client(api_key="sk-test", base_url="https://api.test/v1", transport=transport)
    assert client.beta.responses.retrieve("resp_1").id == "resp_1"
    (streamed,) = list(client.beta.responses.retrieve("resp_1", stream=True, starting_after=2))
    assert type(streamed).__name__ == "ResponseCompletedEvent" and streamed.response.id == "resp_1"
    assert parse_qs(urlsplit(transport.requests[1].url).query) == {"stream": ["true"], "starting_after": ["2"],
                                                                  "beta": ["true"]}
    betas = ["responses_multi_agent=v1"]
    (created,) = list(client.beta.responses.create(model="m", input="hi", stream=True, betas=betas))
    assert created.type == "response.completed"
    assert request_json(transport.requests[2])["stream"] is True
    assert transport.requests[2].headers["openai-beta"] == "responses_multi_agent=v1"
