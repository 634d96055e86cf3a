"""``AzureClient`` (also ``AzureOpenAI``): the client for Azure OpenAI, with openai-python's
parameter names and environment variables. The routing, credentials and error messages live in
``AzureSession`` (``session.py``, ``credentials.py``); this module is the facade.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Union

import msgspec

from .._core.retries import DEFAULT_MAX_RETRIES, RetryPolicy
from .._core.timeouts import TimeoutTypes
from .._facade.client import Client
from .._http.transport import Transport
from .._streaming.sse import DEFAULT_MAX_EVENT_SIZE
from .credentials import AzureADTokenProvider, MutuallyExclusiveAuthError
from .session import AzureSession

__all__ = ["AzureADTokenProvider", "AzureClient", "AzureOpenAI", "AzureSession", "MutuallyExclusiveAuthError"]


class AzureClient(Client):
    """A client for Azure OpenAI: every namespace of ``Client`` (``client.chat.completions``, ...),
    sent to your Azure resource.

    Arguments left as ``None`` are read from ``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``,
    ``AZURE_OPENAI_API_KEY`` and ``AZURE_OPENAI_AD_TOKEN`` (the token wins when both are set and no
    credential is passed), ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID``.

    - Credentials: exactly one of ``api_key`` (a str or a callable, sent as ``api-key``),
      ``azure_ad_token`` or ``azure_ad_token_provider`` (a callable returning a Microsoft Entra ID
      token, called before every attempt, retries included; sent as ``Authorization: Bearer``).
    - Legacy URLs (a dated ``api_version``): ``{azure_endpoint}/openai/deployments/{model}/chat/completions
      ?api-version=...`` for the endpoints that take a deployment (``model`` is your deployment name;
      ``azure_deployment`` fixes one for every call), ``{azure_endpoint}/openai/{path}?api-version=...``
      for the others (``/models``, ``/files``, ``/responses``).
    - The v1 API: ``api_version="v1"``, or an endpoint or ``base_url`` ending in ``/openai/v1``, sends
      ``{azure_endpoint}/openai/v1/{path}`` with the deployment name as ``model`` in the body and no
      ``api-version`` (add ``default_query={"api-version": "preview"}`` for preview features).
      ``OPENAI_API_VERSION`` is not needed then.

    Redirects to another origin are refused, so a key or token never leaves for another host.
    """

    session: AzureSession

    def __init__(
        self,
        *,
        api_version: Optional[str] = None,
        azure_endpoint: Optional[str] = None,
        azure_deployment: Optional[str] = None,
        api_key: Optional[Union[str, Callable[[], str]]] = None,
        azure_ad_token: Optional[str] = None,
        azure_ad_token_provider: Optional[AzureADTokenProvider] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        websocket_base_url: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        transport: Optional[Transport] = None,
        retry_policy: Optional[RetryPolicy] = None,
        max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE,
        pickle_api_key: bool = False,
    ) -> None:
        session = AzureSession(
            api_version=api_version,
            azure_endpoint=azure_endpoint,
            azure_deployment=azure_deployment,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            websocket_base_url=websocket_base_url,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            transport=transport,
            retry_policy=retry_policy,
            max_event_size=max_event_size,
            pickle_api_key=pickle_api_key,
        )
        self.__dict__.update(Client._from_session(session).__dict__)
        self._owns_transport = True  # as Client: it closes the transport it was given or built

    @property
    def api_version(self) -> Optional[str]:
        return self.session.api_version

    def with_options(self, **overrides: Any) -> AzureClient:
        """A copy with some settings replaced: ``Client.with_options``'s, plus ``api_version``,
        ``websocket_base_url`` and the credentials. Passing ``api_key``, ``azure_ad_token`` or
        ``azure_ad_token_provider`` replaces the auth mode; passing none keeps it."""
        copy = AzureClient._from_session(self.session.copy(**overrides))
        assert isinstance(copy, AzureClient)
        return copy

    copy = with_options

    def __repr__(self) -> str:
        return f"<AzureClient base_url={self.base_url!r} api_version={self.api_version!r}>"


AzureOpenAI = AzureClient
