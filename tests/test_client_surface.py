"""openai-python's client surface: the attributes, the verbs with their ``options``, the constructor
options (``data_residency``, ``websocket_base_url``, ``http_client``), the pages and the exceptions."""

from __future__ import annotations

import pickle
from typing import Any, ClassVar, Dict, List

import msgspec
import pytest
import requests
import urllib3

import openai_compat
from openai_compat import (
    AuthenticationError,
    Client,
    OAuthError,
    OpenAIError,
    Response,
    Stream,
    SyncCursorPage,
    SyncPage,
    WebSocketConnectionClosedError,
    WebSocketQueueFullError,
)
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types.models import Model


def echo_client(**options: Any) -> tuple[Client, MockTransport]:
    transport = MockTransport(lambda request: json_response({"ok": True}))
    return Client(api_key="sk-test", transport=transport, **options), transport


# -- attributes ------------------------------------------------------------------------------------


def test_client_attributes() -> None:
    client, _ = echo_client(organization="org-1", default_headers={"X-Team": "a", "user-agent": "mine/1"},
                            default_query={"tenant": "t1"})
    assert client.default_headers == {"Accept": "application/json", "OpenAI-Organization": "org-1",
                                      "X-Team": "a", "user-agent": "mine/1"}
    assert client.default_query == {"tenant": "t1"}
    assert client.user_agent.startswith("OpenAICompat/Python ")
    assert client.auth_headers == {"Authorization": "Bearer sk-test"}
    assert client.custom_auth is None and client.platform_headers() == {}
    assert client.qs.stringify({"include": ["a", "b"], "meta": {"k": "v"}, "skip": None}) == (
        "include[]=a&include[]=b&meta[k]=v"
    )
    assert client.qs.parse("include[]=a&include[]=b&x=1") == {"include": ["a", "b"], "x": "1"}
    assert (client.api_key, client.organization, client.project, client.max_retries) == ("sk-test", "org-1", None, 2)
    assert client.base_url == "https://api.openai.com/v1/" and client.timeout.read == 600
    assert client.websocket_base_url is None and client.workload_identity is None


def test_auth_headers_call_a_callable_key_and_show_azures_header() -> None:
    keys = iter(["k1", "k2"])
    client = Client(api_key=lambda: next(keys), transport=MockTransport())
    assert client.auth_headers == {"Authorization": "Bearer k1"}
    assert client.auth_headers == {"Authorization": "Bearer k2"}
    azure = openai_compat.AzureOpenAI(api_key="ak", azure_endpoint="https://x.openai.azure.com", api_version="v1",
                                      transport=MockTransport())
    assert azure.auth_headers == {"api-key": "ak"}


# -- verbs -----------------------------------------------------------------------------------------


def test_put_patch_delete_and_options() -> None:
    client, transport = echo_client()
    assert client.put("/things/1", body={"a": 1}, options={"headers": {"X-A": "1"}, "params": {"v": 2}}) == {"ok": True}
    assert (transport.last_request.method, transport.last_request.url) == ("PUT", "https://api.openai.com/v1/things/1?v=2")
    assert transport.last_request.headers["X-A"] == "1" and request_json(transport.last_request) == {"a": 1}
    client.patch("/things/1", body={"b": 2}, options={"extra_json": {"c": 3}, "idempotency_key": "idem-1"})
    assert transport.last_request.method == "PATCH" and request_json(transport.last_request) == {"b": 2, "c": 3}
    assert transport.last_request.headers["Idempotency-Key"] == "idem-1"
    client.delete("/things/1", options={"timeout": 3.0})
    assert transport.last_request.method == "DELETE" and transport.last_request.read_timeout == 3.0
    client.post("/upload", content=b"raw", options={"headers": {"Content-Type": "text/plain"}})
    assert transport.last_request.body == b"raw" and transport.last_request.headers["Content-Type"] == "text/plain"
    with pytest.raises(TypeError, match="both `body` and `content`"):
        client.post("/x", body={"a": 1}, content=b"b")
    with pytest.raises(TypeError, match="unknown request option"):
        client.get("/x", options={"header": {}})


def test_max_retries_option_applies_to_one_call() -> None:
    answers: List[Response] = [json_response({"e": 1}, status=500), json_response({"ok": 1})]
    client = Client(api_key="sk-test", transport=MockTransport(responses=answers), max_retries=0)
    client.session.retry.sleep = lambda seconds: None
    assert client.get("/x", options={"max_retries": 1}) == {"ok": 1}
    assert client.max_retries == 0


def test_request_with_openai_pythons_final_options() -> None:
    client, transport = echo_client()
    assert client.request(object, {"method": "post", "url": "/a", "json_data": {"x": 1}, "params": {"q": 1}}) == {
        "ok": True
    }
    assert transport.last_request.method == "POST" and transport.last_request.url.endswith("/a?q=1")

    class FinalRequestOptions:  # an object with attributes, as openai-python's is
        method = "get"
        url = "/b"
        headers: ClassVar[Dict[str, str]] = {"X-B": "2"}

    client.request(object, FinalRequestOptions())
    assert transport.last_request.url.endswith("/b") and transport.last_request.headers["X-B"] == "2"
    with pytest.raises(TypeError, match="method"):
        client.request(object, {"url": "/c"})


def test_get_and_post_stream_with_stream_cls() -> None:
    transport = MockTransport(lambda request: sse_response([{"n": 1}, {"n": 2}]))
    client = Client(api_key="sk-test", transport=transport)

    class Item(msgspec.Struct):
        n: int

    stream = client.post("/events", body={"a": 1}, stream=True, stream_cls=Stream[Item])
    assert isinstance(stream, Stream) and [item.n for item in stream] == [1, 2]
    assert [item["n"] for item in client.get("/events", stream=True)] == [1, 2]
    with pytest.raises(TypeError, match="stream_cls"):
        client.get("/events", stream=True, stream_cls=list)


def test_get_api_list_pages_any_type() -> None:
    pages = {"": {"data": [{"id": "a"}], "has_more": True}, "a": {"data": [{"id": "b"}], "has_more": False}}
    transport = MockTransport(lambda request: json_response(pages[request.url.partition("after=")[2]]))
    client = Client(api_key="sk-test", transport=transport)

    class Thing(msgspec.Struct):
        id: str

    page = client.get_api_list("/things", model=Thing, page=SyncCursorPage)
    assert isinstance(page, SyncCursorPage) and page.data == [Thing(id="a")]
    assert page.has_next_page() and page.get_next_page().data == [Thing(id="b")]
    assert [thing.id for thing in page] == ["a", "b"]
    posted = client.get_api_list("/search", model=Thing, page=SyncCursorPage, body={"q": "x"}, method="post")
    assert [thing.id for thing in posted] == ["a", "b"]
    assert [request.method for request in transport.requests[-2:]] == ["POST", "POST"]


# -- pages -----------------------------------------------------------------------------------------


def test_every_page_kind_pages_the_same_way() -> None:
    body = {"object": "list", "data": [{"id": "m", "object": "model"}]}
    transport = MockTransport(lambda request: json_response(body))
    page = Client(api_key="sk-test", transport=transport).models.list()
    assert isinstance(page, SyncPage) and isinstance(page.data[0], Model)
    assert not page.has_next_page()
    assert list(page.iter_pages()) == [page]
    with pytest.raises(RuntimeError, match="No next page expected"):
        page.get_next_page()


# -- constructor options ---------------------------------------------------------------------------


def test_data_residency_picks_the_regional_host() -> None:
    client, transport = echo_client(data_residency="eu")
    assert client.base_url == "https://eu.api.openai.com/v1/"
    client.get("/models")
    assert transport.last_request.url == "https://eu.api.openai.com/v1/models"
    assert client.with_options(data_residency="jp").base_url == "https://jp.api.openai.com/v1/"
    for conflict in ({"base_url": "http://x/v1"}, {"websocket_base_url": "ws://x"}):
        with pytest.raises(ValueError, match="mutually exclusive"):
            Client(api_key="sk", data_residency="us", **conflict)
    with pytest.raises(ValueError, match="Invalid `data_residency`"):
        Client(api_key="sk", data_residency="mars")  # type: ignore[arg-type]


def test_websocket_base_url_is_where_realtime_connects() -> None:
    client, _ = echo_client(websocket_base_url="wss://gateway.example/v1")
    assert client.websocket_base_url == "wss://gateway.example/v1"
    assert client.session.realtime_url({"model": "gpt-realtime"}) == "wss://gateway.example/v1/realtime?model=gpt-realtime"
    plain, _ = echo_client(base_url="http://localhost:8000/v1")
    assert plain.session.realtime_url({}) == "ws://localhost:8000/v1/realtime"
    moved = plain.with_options(websocket_base_url="ws://other/v1")
    assert moved.session.realtime_url({}) == "ws://other/v1/realtime" and plain.websocket_base_url is None


def test_http_client_maps_to_a_transport() -> None:
    from openai_compat import RequestsTransport, Urllib3Transport

    session = requests.Session()
    client = Client(api_key="sk", http_client=session)
    assert isinstance(client.transport, RequestsTransport)
    client.close()
    assert session.adapters  # the session you passed stays yours, open
    manager = urllib3.PoolManager()
    assert isinstance(Client(api_key="sk", http_client=manager).transport, Urllib3Transport)
    own = MockTransport()
    assert Client(api_key="sk", http_client=own).transport is own
    with pytest.raises(TypeError, match="not both"):
        Client(api_key="sk", http_client=session, transport=own)
    with pytest.raises(TypeError, match=r"requests\.Session, a urllib3\.PoolManager or a Transport"):
        Client(api_key="sk", http_client=object())


def test_an_httpx_client_is_refused_with_what_to_do_instead() -> None:
    class Client_:  # stands for httpx.Client: same module name, same verbs
        def send(self, request: Any) -> Any: ...

        def close(self) -> None: ...

    Client_.__module__ = "httpx"
    with pytest.raises(TypeError, match="does not use httpx") as caught:
        Client(api_key="sk", http_client=Client_())
    assert "requests.Session()" in str(caught.value)


# -- exceptions ------------------------------------------------------------------------------------


def test_the_new_exceptions_sit_where_openai_python_has_them() -> None:
    assert issubclass(OAuthError, AuthenticationError)
    assert issubclass(WebSocketQueueFullError, OpenAIError) and issubclass(WebSocketConnectionClosedError, OpenAIError)
    response = Response(401, {"x-request-id": "req"}, content=b"")
    error = OAuthError(response=response, body={"error": "invalid_grant", "error_description": "token expired"})
    assert (str(error), error.error, error.status_code) == ("token expired (request_id: req)", "invalid_grant", 401)
    assert OAuthError(response=response, body=None).message == "OAuth authentication error."
    restored = pickle.loads(pickle.dumps(error))
    assert restored.error == "invalid_grant" and restored.status_code == 401


def test_unsent_websocket_messages_are_kept_in_order_but_out_of_the_attributes() -> None:
    error = WebSocketConnectionClosedError("closed", unsent_messages=["secret-1", b"secret-2", b"\xff"])
    assert error.unsent_frames == ["secret-1", b"secret-2", b"\xff"]
    assert error.unsent_messages == ["secret-1", "secret-2"]
    assert "secret" not in repr(vars(error))
    again = pickle.loads(pickle.dumps(error))
    assert again.unsent_frames == ["secret-1", b"secret-2", b"\xff"] and str(again) == "closed"


def test_with_options_takes_the_client_options() -> None:
    client, _ = echo_client()
    other = MockTransport(lambda request: json_response({"other": True}))
    copy = client.with_options(http_client=other, websocket_base_url="wss://ws.example/v1")
    assert copy.get("/x") == {"other": True} and copy.websocket_base_url == "wss://ws.example/v1"
    assert client.get("/x") == {"ok": True} and client.websocket_base_url is None
