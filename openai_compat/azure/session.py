"""``AzureSession``: a Session that routes, authenticates and explains errors the way Azure OpenAI
expects, with openai-python's ``AzureOpenAI`` arguments. ``AzureClient`` (``client.py``) is the
facade over it.

Two URL styles:

- legacy (dated ``api_version``): ``{endpoint}/openai/`` plus ``deployments/{model}/`` for the
  endpoints that take a deployment, and ``?api-version=...`` on every URL;
- v1 (``api_version="v1"``, or a ``base_url``/``azure_endpoint`` ending in ``/openai/v1``):
  ``{endpoint}/openai/v1/``, the deployment name in the body's ``model``, no ``api-version``
  (https://github.com/openai/openai-node/issues/1692).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union
from urllib.parse import unquote, urlsplit

import msgspec

from .._core.headers import check_api_key, key_from_environment
from .._core.retries import DEFAULT_MAX_RETRIES, RetryPolicy
from .._core.session import Session
from .._core.timeouts import TimeoutTypes
from .._core.urls import encode_query, join_url, path_segment, websocket_url
from .._errors import NotFoundError, OpenAIError
from .._http.transport import Request, Response, Transport
from .._streaming.sse import DEFAULT_MAX_EVENT_SIZE
from .credentials import (
    API_KEY_AUTH,
    BEARER_AUTH,
    AzureADTokenProvider,
    MutuallyExclusiveAuthError,
    ad_token_from_environment,
    azure_key_from_environment,
    choose_credential,
    credential_of,
    has_credential,
)

__all__ = ["AzureSession"]

# The endpoints whose legacy URL names the deployment (openai-python's list).
_DEPLOYMENT_ENDPOINTS = frozenset({
    "completions", "chat/completions", "embeddings", "audio/transcriptions", "audio/translations",
    "audio/speech", "images/generations", "images/edits",
})
_V1_PATH = "/openai/v1"
_MISSING_VERSION = (
    "Must provide either the `api_version` argument or the `OPENAI_API_VERSION` environment variable "
    "(or api_version=\"v1\" for Azure's versionless v1 API)"
)
_V1_WITH_DEPLOYMENT = (
    "azure_deployment does not apply to Azure's v1 API: pass the deployment name as `model` "
    "in each call (or use a dated api_version for /deployments/ URLs)"
)
_MISSING_ENDPOINT = (
    "Must provide one of the `base_url` or `azure_endpoint` arguments, or the `AZURE_OPENAI_ENDPOINT` "
    "environment variable"
)


class AzureSession(Session):
    """A Session for Azure OpenAI; the arguments are ``AzureClient``'s (see there)."""

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
        env = os.environ
        credential, mode = choose_credential(api_key, azure_ad_token, azure_ad_token_provider, env)
        if base_url is None:
            if azure_endpoint is None:
                azure_endpoint = env.get("AZURE_OPENAI_ENDPOINT")
            if not azure_endpoint:
                raise ValueError(_MISSING_ENDPOINT)
        elif azure_endpoint is not None:
            raise ValueError("base_url and azure_endpoint are mutually exclusive")
        if api_version is None:
            api_version = env.get("OPENAI_API_VERSION")
        v1 = api_version == "v1" or _is_v1_url(base_url or azure_endpoint or "")
        if not v1 and not api_version:
            raise ValueError(_MISSING_VERSION)
        if v1 and azure_deployment is not None:
            raise ValueError(_V1_WITH_DEPLOYMENT)
        # With azure_deployment the base URL names it, yet the other endpoints live under /openai/
        # as openai-python does: ``route`` sends them there.
        self._endpoint_root: Optional[str] = None
        self._azure_endpoint = azure_endpoint if base_url is None else None  # for copies: _set_style
        if base_url is None:
            assert azure_endpoint is not None
            base_url = _base_from_endpoint(azure_endpoint, azure_deployment, v1)
            if azure_deployment is not None:
                self._endpoint_root = f"{azure_endpoint.rstrip('/')}/openai/"
        query: Dict[str, object] = dict(default_query or {})
        if not v1:
            query["api-version"] = api_version  # on every URL, as Azure requires
        super().__init__(
            api_key=credential,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=query,
            transport=transport,
            retry_policy=retry_policy,
            max_event_size=max_event_size,
            pickle_api_key=pickle_api_key,
            webhook_secret=webhook_secret,
        )
        self.auth_mode = mode
        self.api_version = api_version
        self.v1 = v1
        self.azure_deployment = azure_deployment
        self.websocket_base_url = websocket_base_url
        self._caller_credentials = False  # set on a per-call copy whose extra_headers carry credentials

    # -- credentials -----------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The API key (a callable key is called); ``""`` when Entra ID tokens are used instead."""
        return super().api_key if self.auth_mode == API_KEY_AUTH else ""

    def auth_headers(self) -> Dict[str, str]:
        """``api-key`` or ``Authorization: Bearer``, never both, fresh per attempt (a token provider is
        called each time, retries included). A credential header of the caller's own (in
        ``default_headers`` or ``extra_headers``) is sent instead of ours, not beside it."""
        if self._caller_credentials or has_credential(self.default_headers):
            return {}
        if self.auth_mode == API_KEY_AUTH:
            return {"api-key": self.api_key}
        credential = self._api_key
        token = credential() if callable(credential) else credential
        if not isinstance(token, str) or not token:
            raise ValueError("Expected `azure_ad_token_provider` argument to return a non-empty string.")
        return {"Authorization": f"Bearer {check_api_key(token)}"}

    # -- routing ---------------------------------------------------------------------------

    def route(self, path: str, body: Optional[Mapping[str, Any]]) -> str:
        """Legacy style: ``deployments/{model}/{path}`` for the endpoints of ``_DEPLOYMENT_ENDPOINTS`` when the
        body names a ``model`` and ``base_url`` does not already hold a deployment. The model is one
        escaped path segment; ``.`` and ``..`` are refused (they would move the request elsewhere).
        With ``azure_deployment``, the other endpoints go to ``{azure_endpoint}/openai/{path}``."""
        if self.v1:
            return path
        relative = path.lstrip("/")
        if relative not in _DEPLOYMENT_ENDPOINTS:
            if self._endpoint_root is not None and not relative.startswith(("http://", "https://")):
                return self._endpoint_root + relative
            return path
        model = body.get("model") if body else None
        if not isinstance(model, str):
            return path
        if "/deployments" in urlsplit(self.base_url).path:
            return path
        return f"deployments/{path_segment(model, 'model')}/{relative}"

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        """Azure's Realtime URL: ``wss://{host}/openai/realtime?api-version=..&deployment=..`` (legacy) or
        ``wss://{host}/openai/v1/realtime?model=..`` (v1); ``websocket_base_url`` replaces the part
        before ``realtime``. ``model`` is required."""
        params = dict(query)
        model = params.get("model")
        if not model:
            raise OpenAIError("`model` is required for Azure Realtime API")
        if self.websocket_base_url:
            root = self.websocket_base_url.rstrip("/") + "/"
        else:
            root = websocket_url(_resource_root(self.base_url) if not self.v1 else self.base_url)
        if not self.v1:
            del params["model"]
            params["deployment"] = self.azure_deployment or model
        return encode_query(join_url(root, "realtime"), self.default_query, params)

    # -- sending ---------------------------------------------------------------------------

    def send(self, *args: Any, **kwargs: Any) -> Tuple[Response, Request, int]:
        """``Session.send``, keeping a caller's own credential header alone and explaining Azure's 404s."""
        session: Session = self
        if has_credential(kwargs.get("extra_headers")):
            per_call = self.copy()
            per_call._caller_credentials = True
            session = per_call
        try:
            return Session.send(session, *args, **kwargs)
        except NotFoundError as error:
            _explain_not_found(error, self)
            raise

    # -- copies and pickling ---------------------------------------------------------------

    def copy(self, **overrides: Any) -> AzureSession:
        """``Session.copy``, plus ``api_key``/``azure_ad_token``/``azure_ad_token_provider`` (one of
        them replaces the auth mode; none keeps it, as in openai-python), ``api_version`` and
        ``websocket_base_url``. A ``base_url`` ending in ``/openai/v1`` switches to the v1 style."""
        given = {name: overrides.pop(name, None) for name in ("api_key", "azure_ad_token", "azure_ad_token_provider")}
        credentials = {name: value for name, value in given.items() if value is not None}  # None: keep
        if len(credentials) > 1:
            raise MutuallyExclusiveAuthError()
        api_version = overrides.pop("api_version", None)
        websocket_base_url = overrides.pop("websocket_base_url", None)
        new = super().copy(**overrides)
        assert isinstance(new, AzureSession)
        if "base_url" in overrides:
            new._endpoint_root = new._azure_endpoint = None  # the new base URL is taken as given
        if credentials:
            new._api_key, new.auth_mode = credential_of(*next(iter(credentials.items())))
        if websocket_base_url is not None:
            new.websocket_base_url = websocket_base_url
        if api_version is not None or "base_url" in overrides:
            new._set_style(api_version or self.api_version, was_v1=self.v1)
        return new

    def _set_style(self, api_version: Optional[str], *, was_v1: bool) -> None:
        query = dict(self.default_query)
        if not was_v1:
            query.pop("api-version", None)  # the one the legacy style added
        self.api_version = api_version
        endpoint = self._azure_endpoint
        self.v1 = api_version == "v1" or _is_v1_url(endpoint or self.base_url)
        if endpoint is not None:  # made from azure_endpoint: the base URL follows the style (__init__)
            if self.v1 and self.azure_deployment is not None:
                raise ValueError(_V1_WITH_DEPLOYMENT)
            self.base_url = _base_from_endpoint(endpoint, self.azure_deployment, self.v1)
        if not self.v1:
            if not api_version:
                raise ValueError(_MISSING_VERSION)
            query["api-version"] = api_version
        self.default_query = query

    def __getstate__(self) -> Dict[str, Any]:
        """As ``Session``: a string key or token is not pickled unless ``pickle_api_key`` is set; where
        it is unpickled it is read from ``AZURE_OPENAI_API_KEY`` / ``AZURE_OPENAI_AD_TOKEN`` on use.
        A token provider or callable key pickles as itself."""
        state = super().__getstate__()
        if state["_api_key"] is key_from_environment:
            bearer = self.auth_mode == BEARER_AUTH
            state["_api_key"] = ad_token_from_environment if bearer else azure_key_from_environment
        return state

    def __repr__(self) -> str:
        return (
            f"<AzureSession base_url={self.base_url!r} api_version={self.api_version!r} "
            f"auth={self.auth_mode} max_retries={self.max_retries}>"
        )


# -- helpers ----------------------------------------------------------------------------------


def _is_v1_url(url: str) -> bool:
    return urlsplit(url).path.rstrip("/").endswith(_V1_PATH)


def _base_from_endpoint(endpoint: str, deployment: Optional[str], v1: bool) -> str:
    endpoint = endpoint.rstrip("/")
    if _is_v1_url(endpoint):
        return endpoint + "/"
    if v1:
        return f"{endpoint}{_V1_PATH}/"
    if deployment is not None:
        return f"{endpoint}/openai/deployments/{path_segment(deployment, 'azure_deployment')}/"
    return f"{endpoint}/openai/"


def _resource_root(base_url: str) -> str:
    """``https://host/openai/`` of a legacy base URL, with any ``deployments/{name}/`` cut off."""
    base, _, _ = base_url.partition("?")
    head, found, _ = base.partition("/deployments/")
    return head + "/" if found else base


def _deployment_of(request: Optional[Request]) -> Optional[str]:
    """The deployment a failed request named: in its URL (legacy) or as the body's ``model`` (v1)."""
    if request is None:
        return None
    path = urlsplit(request.url).path
    _, found, rest = path.partition("/deployments/")
    if found:
        return unquote(rest.partition("/")[0])
    if isinstance(request.body, bytes):
        try:
            model = msgspec.json.decode(request.body).get("model")
        except (msgspec.DecodeError, AttributeError):
            return None
        return model if isinstance(model, str) else None
    return None


def _explain_not_found(error: NotFoundError, session: AzureSession) -> None:
    """Add what to check to Azure's two 404s, the usual first-call failures: a deployment name that does not exist,
    and ``Resource not found`` (a wrong endpoint, path or ``api_version``)."""
    deployment = _deployment_of(error.request)
    if error.code == "DeploymentNotFound":
        named = f"named {deployment!r} " if deployment else ""
        hint = (
            f"Azure has no deployment {named}on this resource: pass the name you gave the deployment "
            "(Azure portal > Deployments) as `model` or `azure_deployment`, not the name of the model it "
            "serves. A deployment created in the last few minutes may not be ready yet."
        )
    elif error.code == "404" or (error.code is None and "resource not found" in error.message.lower()):
        version = "the v1 API" if session.v1 else f"api_version {session.api_version!r}"
        hint = (
            f"Azure found nothing at this URL: check that the endpoint is only https://<resource>.openai.azure.com "
            f"(no path after it) and that {version} supports this operation; api_version=\"v1\" selects the "
            "versionless v1 API."
        )
    else:
        return
    error.message = f"{error.message} ({hint})"
    error.args = (error.message,)
