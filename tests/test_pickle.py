"""Pickling and deep-copying clients and results (Dask, Celery and multiprocessing send them across
processes).

A client pickles as configuration: its transport's settings travel, its connections do not, and a
string API key stays out of the pickle unless the client was made with ``pickle_api_key=True``. The
unpickled client reads ``OPENAI_API_KEY`` where it is loaded, when it first needs the key.
``copy.deepcopy`` keeps the key (nothing leaves the process) and shares nothing mutable.
"""

from __future__ import annotations

import copy
import pickle
import random
from typing import Any, Iterator

import pytest
import requests
import urllib3
from _echo import ask, echo, echo_handler
from _servers import ScriptedServer

from openai_compat import ChatCompletion, Client, OpenAIError, RequestsTransport, RetryPolicy, Timeout, Urllib3Transport
from openai_compat._internals import decode

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
SENTINEL = "sk-SENTINEL-0123456789abcdef"


def rotating_key() -> str:
    """A module-level key callable: it pickles by reference."""
    return "sk-from-callable"


def fixed_jitter() -> float:
    return 0.5


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        running.script(echo)
        yield running
    assert not running.errors


def configured(name: str, **options: Any) -> Client:
    transport = TRANSPORTS[name](pool_maxsize=7, proxies={"https": "http://127.0.0.1:3128"}, trust_env=False,
                                 cert=("/tmp/client.pem", "/tmp/client.key"))
    return Client(
        api_key=options.pop("api_key", SENTINEL),
        base_url="http://127.0.0.1:9/v1",
        organization="org-1",
        project="proj-1",
        timeout=Timeout(12, connect=3, stream_idle=7, total=60),
        max_retries=5,
        default_headers={"X-Team": "blue"},
        default_query={"api-version": "2024-10-21"},
        retry_policy=RetryPolicy(initial_delay=0.25, max_delay=3.0, max_retry_after=30.0, random=fixed_jitter),
        transport=transport,
        **options,
    )


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_a_client_pickles_its_configuration_but_not_its_key(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    client = configured(name)
    data = pickle.dumps(client)
    assert SENTINEL.encode() not in data
    restored = pickle.loads(data)

    assert isinstance(restored, Client) and restored.session is not client.session
    assert restored.base_url == "http://127.0.0.1:9/v1/"
    assert (restored.organization, restored.project) == ("org-1", "proj-1")
    assert restored.timeout == Timeout(12, connect=3, stream_idle=7, total=60)
    assert restored.max_retries == 5
    assert restored.session.default_headers == {"X-Team": "blue"}
    assert restored.session.default_query == {"api-version": "2024-10-21"}
    policy = restored.session.retry
    assert (policy.initial_delay, policy.max_delay, policy.max_retry_after) == (0.25, 3.0, 30.0)
    assert policy.random is fixed_jitter
    transport = restored.transport
    assert type(transport) is TRANSPORTS[name] and transport is not client.transport
    settings = ("_pool_maxsize", "_proxies", "_verify", "_cert", "_trust_env")
    assert [getattr(transport, n) for n in settings] == [getattr(client.transport, n) for n in settings]
    assert repr(transport) == repr(client.transport)

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-this-process")
    assert restored.api_key == "sk-from-this-process"
    assert client.api_key == SENTINEL


def test_an_unpickled_client_without_a_key_fails_only_when_it_needs_one() -> None:
    restored = pickle.loads(pickle.dumps(Client(api_key=SENTINEL, base_url="http://127.0.0.1:9/v1")))
    assert repr(restored) == "<Client base_url='http://127.0.0.1:9/v1/'>"
    # The key is read before any connection is tried: port 9 is never dialled.
    with pytest.raises(OpenAIError, match=r"OPENAI_API_KEY.*unpickled.*pickle_api_key=True"):
        restored.models.list()
    with pytest.raises(OpenAIError, match="Missing credentials"):
        _ = restored.api_key


def test_pickle_api_key_opts_in() -> None:
    made_with = Client(api_key=SENTINEL, pickle_api_key=True)
    assert SENTINEL.encode() in pickle.dumps(made_with)
    assert pickle.loads(pickle.dumps(made_with)).api_key == SENTINEL

    client = Client(api_key=SENTINEL)
    opted = client.with_options(pickle_api_key=True)
    assert pickle.loads(pickle.dumps(opted)).api_key == SENTINEL
    assert SENTINEL.encode() not in pickle.dumps(client), "with_options must not change the original"


def test_a_callable_key_is_pickled_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-must-not-win")
    restored = pickle.loads(pickle.dumps(Client(api_key=rotating_key)))
    assert restored.session._api_key is rotating_key
    assert restored.api_key == "sk-from-callable"


def test_credentials_in_default_headers_need_the_opt_in() -> None:
    client = Client(api_key="unused", default_headers={"api-key": SENTINEL})  # Azure's header
    with pytest.raises(TypeError, match=r"credentials \(api-key\).*pickle_api_key=True"):
        pickle.dumps(client)
    restored = pickle.loads(pickle.dumps(client.with_options(pickle_api_key=True)))
    assert restored.session.default_headers == {"api-key": SENTINEL}


@pytest.mark.parametrize(
    "transport",
    [
        lambda: RequestsTransport(session=requests.Session()),
        lambda: Urllib3Transport(pool_manager=urllib3.PoolManager()),
    ],
    ids=["requests-session", "urllib3-pool-manager"],
)
def test_a_transport_on_your_own_session_is_not_pickled(transport: Any) -> None:
    client = Client(api_key="sk-test", transport=transport())
    with pytest.raises(TypeError, match=r"cannot be pickled or deep-copied.*options instead"):
        pickle.dumps(client)
    with pytest.raises(TypeError, match="cannot be pickled or deep-copied"):
        copy.deepcopy(client)
    client.close()


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_an_unpickled_client_opens_its_own_connections(
    name: str, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(api_key=SENTINEL, base_url=server.url, transport=TRANSPORTS[name](), max_retries=0, timeout=10)
    assert ask(client, "before") == "before"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key")
    restored = pickle.loads(pickle.dumps(client))
    assert ask(restored, "restored") == "restored"
    assert ask(client, "after") == "after"
    restored.close()
    client.close()

    before, in_restored, after = server.requests
    assert before.headers["authorization"] == after.headers["authorization"] == f"Bearer {SENTINEL}"
    assert in_restored.headers["authorization"] == "Bearer sk-env-key"
    assert server.connections == 2
    assert before.peer_port == after.peer_port != in_restored.peer_port


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_deepcopy_keeps_the_key_and_shares_nothing_mutable(name: str, server: ScriptedServer) -> None:
    client = Client(api_key=SENTINEL, base_url=server.url, transport=TRANSPORTS[name](pool_maxsize=3),
                    default_headers={"X-Team": "blue"}, default_query={"v": "1"}, max_retries=0, timeout=10)
    assert ask(client, "original") == "original"
    clone = copy.deepcopy(client)

    assert clone.api_key == SENTINEL
    assert clone.session is not client.session and clone.transport is not client.transport
    assert clone.session.retry is not client.session.retry and clone.timeout == client.timeout
    for name_ in ("default_headers", "default_query"):
        assert getattr(clone.session, name_) == getattr(client.session, name_)
        assert getattr(clone.session, name_) is not getattr(client.session, name_)
    clone.session.default_headers["X-Team"] = "red"
    assert client.session.default_headers == {"X-Team": "blue"}

    assert ask(clone, "clone") == "clone"
    clone.close()  # its own pool: the original's connection stays open
    assert ask(client, "original") == "original"
    client.close()
    first, in_clone, again = server.requests
    assert first.peer_port == again.peer_port != in_clone.peer_port
    assert in_clone.headers["x-team"] == "red"


def test_a_shallow_copy_keeps_the_key_and_shares_the_pool() -> None:
    client = Client(api_key=SENTINEL, default_headers={"api-key": SENTINEL})
    for clone in (copy.copy(client), copy.copy(client.session)):
        session = clone.session if isinstance(clone, Client) else clone
        assert session.api_key == SENTINEL and session.transport is client.transport


def test_deepcopy_shares_a_callable_key() -> None:
    calls = []

    def provider() -> str:
        calls.append(1)
        return "sk-provided"

    clone = copy.deepcopy(Client(api_key=provider))
    assert clone.session._api_key is provider and clone.api_key == "sk-provided" and calls == [1]


def test_a_retry_policy_pickles_settings_not_the_random_generators_state() -> None:
    restored = pickle.loads(pickle.dumps(RetryPolicy(3, initial_delay=0.1)))
    # The process's own generator, not a copy of its state: unpickled clients must not share jitter.
    assert restored.random == random.random
    assert (restored.max_retries, restored.initial_delay) == (3, 0.1)
    assert len(pickle.dumps(RetryPolicy())) < 400
    assert copy.deepcopy(RetryPolicy()).random == random.random


def test_typed_results_pickle_with_their_extras_and_declared_class(server: ScriptedServer) -> None:
    server.script(echo_handler(extras=True, request_id="req_42"))
    client = Client(api_key="sk-test", base_url=server.url, max_retries=0, timeout=10)
    result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "n1"}])
    client.close()
    assert type(result) is ChatCompletion, "one class per type, whatever the server adds"

    for clone in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert type(clone) is ChatCompletion and clone == result
        assert clone.to_dict() == result.to_dict()
        assert clone.choices[0].message.reasoning_content == "thinking about n1"
        assert clone.x_groq == {"id": "req_n1"} and clone.x_unlisted == {"nonce": "n1"}  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(result))._request_id == "req_42"


def test_a_strictly_decoded_result_pickles_too() -> None:
    raw = b'{"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}'
    result = decode(raw, ChatCompletion)
    assert pickle.loads(pickle.dumps(result)) == result
