"""``Client``: the facade users start from, shaped like openai-python's ``OpenAI``.

It holds a ``Session`` and nothing else. Each namespace (``client.chat.completions``,
``client.models``, ...) binds the resource functions themselves as its methods: a resource
function takes the session as its first argument, and a namespace passes itself, forwarding the
three Session verbs. So a facade method has exactly its function's signature, overloads and
docstring, and the two cannot drift (``tests/test_public_api.py`` checks every one is bound).
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, TypeVar, Union

import msgspec

from ._facade_generated import ClientNamespaces
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._session import ApiKey, Session
from ._sse import DEFAULT_MAX_EVENT_SIZE
from ._streaming import Stream
from ._timeout import Timeout, TimeoutTypes
from ._transport import Transport
from .resources import chat, chat_parse, embeddings, models

if TYPE_CHECKING:  # imported on first use of client.conversations, not with the package
    from ._facade_audio import Audio
    from ._facade_batches import Batches, Completions, Moderations
    from ._facade_beta import Beta
    from ._facade_conversations import Conversations
    from ._facade_files import Files, Uploads
    from ._facade_fine_tuning import FineTuning
    from ._facade_images import Images
    from ._facade_realtime import Realtime
    from ._facade_responses import Responses
    from ._facade_vector_stores import VectorStores
    from ._facade_webhooks import Webhooks

__all__ = ["Chat", "ChatCompletionMessages", "ChatCompletions", "Client", "Embeddings", "Models"]

T = TypeVar("T")
_Headers = Optional[Mapping[str, Any]]


class _Namespace:
    """A group of resource functions bound to one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def base_url(self) -> str:
        return self._session.base_url

    @property
    def retry(self) -> RetryPolicy:
        return self._session.retry

    # The Session verbs, forwarded, make a namespace usable as a resource's session.
    def request(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.stream(*args, **kwargs)

    def get_page(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get_page(*args, **kwargs)

    def download(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.download(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._session!r}>"


class ChatCompletionMessages(_Namespace):
    """``client.chat.completions.messages``: the messages of a stored chat completion."""

    list = chat.list_messages


class ChatCompletions(_Namespace):
    """``client.chat.completions``: create, and manage stored completions."""

    create = chat.create
    parse = chat_parse.parse
    list = chat.list
    retrieve = chat.retrieve
    update = chat.update
    delete = chat.delete

    @cached_property
    def messages(self) -> ChatCompletionMessages:
        return ChatCompletionMessages(self._session)


class Chat(_Namespace):
    """``client.chat``."""

    @cached_property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._session)


class Models(_Namespace):
    """``client.models``."""

    list = models.list
    retrieve = models.retrieve
    delete = models.delete


class Embeddings(_Namespace):
    """``client.embeddings``."""

    create = embeddings.create


class Client(ClientNamespaces):
    """A client for the OpenAI API or any compatible server.

    ``Client()`` reads ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``,
    ``OPENAI_PROJECT_ID``, ``OPENAI_WEBHOOK_SECRET`` (for ``client.webhooks``), ``OPENAI_ADMIN_KEY``
    (for ``client.admin``) and ``OPENAI_LOG``; arguments win over the environment. The client is
    safe to share between threads; ``with_options`` makes a cheap copy sharing the connection pool.

    It is fork-safe (a forked child opens its own connections) and it pickles as configuration,
    the connection pool rebuilt where it is unpickled. A string ``api_key`` is left out of the
    pickle unless ``pickle_api_key=True``: the unpickled client reads ``OPENAI_API_KEY`` there.
    ``copy.deepcopy`` keeps the key and shares nothing mutable but a callable ``api_key``.
    """

    def __init__(
        self,
        *,
        api_key: Optional[ApiKey] = None,
        base_url: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        transport: Optional[Transport] = None,
        retry_policy: Optional[RetryPolicy] = None,
        max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE,
        pickle_api_key: bool = False,
        webhook_secret: Optional[str] = None,
        admin_api_key: Optional[str] = None,
    ) -> None:
        self._owns_transport = True  # also a transport handed in, as openai-python closes its http_client
        self.session = Session(
            api_key=api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            transport=transport,
            retry_policy=retry_policy,
            max_event_size=max_event_size,
            pickle_api_key=pickle_api_key,
            webhook_secret=webhook_secret,
            admin_api_key=admin_api_key,
        )
        self._closed = False

    @classmethod
    def _from_session(cls, session: Session) -> Client:
        client = object.__new__(cls)
        client._owns_transport = False  # a copy never closes the pool it shares
        client.session = session
        client._closed = False
        return client

    # -- namespaces ----------------------------------------------------------------------------

    @cached_property
    def chat(self) -> Chat:
        return Chat(self.session)

    @cached_property
    def models(self) -> Models:
        return Models(self.session)

    @cached_property
    def embeddings(self) -> Embeddings:
        return Embeddings(self.session)

    @cached_property
    def audio(self) -> Audio:
        from ._facade_audio import Audio

        return Audio(self.session)

    @cached_property
    def beta(self) -> Beta:
        from ._facade_beta import Beta

        return Beta(self.session)

    @cached_property
    def batches(self) -> Batches:
        from ._facade_batches import Batches

        return Batches(self.session)

    @cached_property
    def completions(self) -> Completions:
        from ._facade_batches import Completions

        return Completions(self.session)

    @cached_property
    def moderations(self) -> Moderations:
        from ._facade_batches import Moderations

        return Moderations(self.session)

    @cached_property
    def conversations(self) -> Conversations:
        from ._facade_conversations import Conversations

        return Conversations(self.session)

    @cached_property
    def files(self) -> Files:
        from ._facade_files import Files

        return Files(self.session)

    @cached_property
    def fine_tuning(self) -> FineTuning:
        from ._facade_fine_tuning import FineTuning

        return FineTuning(self.session)

    @cached_property
    def images(self) -> Images:
        from ._facade_images import Images

        return Images(self.session)

    @cached_property
    def responses(self) -> Responses:
        from ._facade_responses import Responses

        return Responses(self.session)

    @cached_property
    def uploads(self) -> Uploads:
        from ._facade_files import Uploads

        return Uploads(self.session)

    @cached_property
    def vector_stores(self) -> VectorStores:
        from ._facade_vector_stores import VectorStores

        return VectorStores(self.session)

    @cached_property
    def webhooks(self) -> Webhooks:
        from ._facade_webhooks import Webhooks

        return Webhooks(self.session)

    @cached_property
    def realtime(self) -> Realtime:
        from ._facade_realtime import Realtime

        return Realtime(self.session)

    # -- settings --------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        return self.session.api_key

    @property
    def base_url(self) -> str:
        return self.session.base_url

    @property
    def organization(self) -> Optional[str]:
        return self.session.organization

    @property
    def project(self) -> Optional[str]:
        return self.session.project

    @property
    def webhook_secret(self) -> Optional[str]:
        return self.session.webhook_secret

    @property
    def admin_api_key(self) -> Optional[str]:
        return self.session.admin_api_key

    @property
    def timeout(self) -> Timeout:
        return self.session.timeout

    @property
    def max_retries(self) -> int:
        return self.session.max_retries

    @property
    def transport(self) -> Transport:
        return self.session.transport

    def with_options(self, **overrides: Any) -> Client:
        """A copy with some settings replaced (``api_key``, ``base_url``, ``organization``,
        ``project``, ``timeout``, ``max_retries``, ``default_headers``, ``default_query``,
        ``max_event_size``, ``pickle_api_key``, ``webhook_secret``, ``admin_api_key``).

        The copy shares the connection pool; closing or dropping it leaves this client working.
        ``pickle.dumps(client.with_options(pickle_api_key=True))`` pickles the key as well.
        """
        return Client._from_session(self.session.copy(**overrides))

    copy = with_options

    # -- the escape hatch for endpoints without a typed function ------------------------------

    def get(
        self,
        path: str,
        *,
        cast_to: type[T] = object,  # type: ignore[assignment]
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: _Headers = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> T:
        """GET ``path`` (relative to ``base_url``) and decode the JSON body into ``cast_to``
        (plain builtins by default; ``bytes`` for the raw body)."""
        return self.session.request("GET", path, cast_to=cast_to, query=query, extra_headers=extra_headers,
                                    timeout=timeout)

    def post(
        self,
        path: str,
        *,
        cast_to: type[T] = object,  # type: ignore[assignment]
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: _Headers = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> T:
        """POST a JSON ``body`` to ``path`` and decode the answer into ``cast_to``."""
        return self.session.request("POST", path, cast_to=cast_to, body=body, query=query,
                                    extra_headers=extra_headers, timeout=timeout)

    def post_stream(
        self,
        path: str,
        *,
        cast_to: type[T] = object,  # type: ignore[assignment]
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: _Headers = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> Stream[T]:
        """POST a JSON ``body`` to an endpoint that answers with server-sent events."""
        return self.session.stream("POST", path, cast_to=cast_to, body=body, query=query,
                                   extra_headers=extra_headers, timeout=timeout)

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T] = object,  # type: ignore[assignment]
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: _Headers = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> T:
        """DELETE ``path`` and decode the answer into ``cast_to``."""
        return self.session.request("DELETE", path, cast_to=cast_to, query=query, extra_headers=extra_headers,
                                    timeout=timeout)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the transport and its connection pool (a ``with_options`` copy leaves it open)."""
        if self._owns_transport and not self._closed:
            self.session.close()
        self._closed = True

    def is_closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __getstate__(self) -> Dict[str, Any]:
        # The Session decides what of the configuration travels; the namespaces are rebuilt on use.
        return {"session": self.session, "_owns_transport": self._owns_transport, "_closed": self._closed}

    def __repr__(self) -> str:
        return f"<Client base_url={self.base_url!r}>"
