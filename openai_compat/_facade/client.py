"""``Client``: the facade users start from, shaped like openai-python's ``OpenAI``.

It holds a ``Session`` and nothing else. Each namespace (``client.chat.completions``,
``client.models``, ...) lives in its own module of this package and binds the resource functions
themselves as its methods (see ``_namespace.py``), so a facade method has exactly its function's
signature, overloads and docstring, and the two cannot drift (``tests/test_public_api.py`` checks
every one is bound). The namespaces used most are imported with the client; the others when first
used, so ``import openai_compat`` stays cheap.
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Union

import msgspec

from .._core.retries import DEFAULT_MAX_RETRIES, RetryPolicy
from .._core.session import DEFAULT_MAX_RESPONSE_SIZE, ApiKey, Session
from .._core.timeouts import Timeout, TimeoutTypes
from .._http.transport import Transport
from .._streaming.snapshot import DEFAULT_MAX_SNAPSHOT_SIZE
from .._streaming.sse import DEFAULT_MAX_EVENT_SIZE
from ._generated import ClientNamespaces
from .chat import Chat
from .client_attributes import ClientAttributes
from .client_options import DataResidency, build_session, copy_session
from .embeddings import Embeddings
from .models import Models
from .verbs import HTTPVerbs

if TYPE_CHECKING:  # imported on first use of client.conversations, not with the package
    from .audio import Audio
    from .batches import Batches
    from .beta import Beta
    from .completions import Completions
    from .conversations import Conversations
    from .files import Files
    from .fine_tuning import FineTuning
    from .images import Images
    from .live import Live
    from .moderations import Moderations
    from .realtime import Realtime
    from .responses import Responses
    from .uploads import Uploads
    from .vector_stores import VectorStores
    from .webhooks import Webhooks

__all__ = ["Client"]


class Client(ClientNamespaces, ClientAttributes, HTTPVerbs):
    """A client for the OpenAI API or any compatible server.

    ``Client()`` reads ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``,
    ``OPENAI_PROJECT_ID``, ``OPENAI_WEBHOOK_SECRET`` (for ``client.webhooks``), ``OPENAI_ADMIN_KEY``
    (for ``client.admin``) and ``OPENAI_LOG``; arguments win over the environment. The client is
    safe to share between threads; ``with_options`` makes a cheap copy sharing the connection pool.

    As in openai-python: ``data_residency="eu"`` sends to a regional endpoint
    (``https://eu.api.openai.com/v1``); ``websocket_base_url`` is where the Realtime API's WebSocket
    goes (``base_url`` with ``ws``/``wss`` by default); ``http_client`` is a ``requests.Session`` or
    a urllib3 ``PoolManager`` to send through (an ``httpx.Client`` is refused, see
    ``transport_for_http_client``); ``workload_identity`` exchanges a token from your platform
    (Kubernetes, Azure, GCP) for an OpenAI access token instead of using an API key; ``provider``
    (``openai_compat.providers.bedrock(...)`` or ``.vertex(...)``) sends the same calls to a cloud
    that hosts OpenAI models, with that cloud's credentials.

    Streams keep no event once yielded (``keep_events=True`` keeps them all); the final answer they
    fold their events into is capped by ``max_snapshot_size`` (``None``: no cap).

    It is fork-safe (a forked child opens its own connections) and it pickles as configuration,
    the connection pool rebuilt where it is unpickled. A string ``api_key`` is left out of the
    pickle unless ``pickle_api_key=True``: the unpickled client reads ``OPENAI_API_KEY`` there.
    ``copy.deepcopy`` keeps the key and shares nothing mutable but a callable ``api_key``.
    """

    def __init__(
        self,
        *,
        api_key: Optional[ApiKey] = None,
        admin_api_key: Optional[str] = None,
        workload_identity: Optional[Mapping[str, Any]] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        provider: Optional[Any] = None,
        base_url: Optional[str] = None,
        data_residency: Optional[DataResidency] = None,
        websocket_base_url: Optional[str] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[Any] = None,
        transport: Optional[Transport] = None,
        retry_policy: Optional[RetryPolicy] = None,
        max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE,
        max_response_size: Optional[int] = DEFAULT_MAX_RESPONSE_SIZE,
        pickle_api_key: bool = False,
        max_snapshot_size: Optional[int] = DEFAULT_MAX_SNAPSHOT_SIZE,
        keep_events: bool = False,
    ) -> None:
        self._owns_transport = True  # also a transport handed in, as openai-python closes its http_client
        self.session = build_session(
            api_key=api_key,
            workload_identity=workload_identity,
            provider=provider,
            data_residency=data_residency,
            websocket_base_url=websocket_base_url,
            http_client=http_client,
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
            max_response_size=max_response_size,
            pickle_api_key=pickle_api_key,
            webhook_secret=webhook_secret,
            max_snapshot_size=max_snapshot_size,
            keep_events=keep_events,
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
        from .audio import Audio

        return Audio(self.session)

    @cached_property
    def beta(self) -> Beta:
        from .beta import Beta

        return Beta(self.session)

    @cached_property
    def batches(self) -> Batches:
        from .batches import Batches

        return Batches(self.session)

    @cached_property
    def completions(self) -> Completions:
        from .completions import Completions

        return Completions(self.session)

    @cached_property
    def moderations(self) -> Moderations:
        from .moderations import Moderations

        return Moderations(self.session)

    @cached_property
    def conversations(self) -> Conversations:
        from .conversations import Conversations

        return Conversations(self.session)

    @cached_property
    def files(self) -> Files:
        from .files import Files

        return Files(self.session)

    @cached_property
    def fine_tuning(self) -> FineTuning:
        from .fine_tuning import FineTuning

        return FineTuning(self.session)

    @cached_property
    def images(self) -> Images:
        from .images import Images

        return Images(self.session)

    @cached_property
    def responses(self) -> Responses:
        from .responses import Responses

        return Responses(self.session)

    @cached_property
    def uploads(self) -> Uploads:
        from .uploads import Uploads

        return Uploads(self.session)

    @cached_property
    def vector_stores(self) -> VectorStores:
        from .vector_stores import VectorStores

        return VectorStores(self.session)

    @cached_property
    def webhooks(self) -> Webhooks:
        from .webhooks import Webhooks

        return Webhooks(self.session)

    @cached_property
    def live(self) -> Live:
        from .live import Live

        return Live(self.session)

    @cached_property
    def realtime(self) -> Realtime:
        from .realtime import Realtime

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
        ``max_event_size``, ``max_response_size``, ``max_snapshot_size``, ``keep_events``,
        ``pickle_api_key``, ``webhook_secret``, ``admin_api_key``, ``websocket_base_url``,
        ``data_residency``, ``http_client``, ``transport``).

        The copy shares the connection pool (unless given another ``http_client`` or
        ``transport``); closing or dropping it leaves this client working.
        ``pickle.dumps(client.with_options(pickle_api_key=True))`` pickles the key as well.
        """
        return Client._from_session(copy_session(self.session, overrides))

    copy = with_options

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
