"""``ProviderSession``: a Session whose requests go to a cloud provider (``Client(provider=...)``),
authorized by the provider on each attempt through ``ProviderTransport``."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from .._core.session import Session
from .._errors import OpenAIError
from .._http.transport import Request, Response, Transport
from ._provider import Provider, ProviderRuntime

__all__ = ["ProviderSession", "ProviderTransport"]

_NO_WEBSOCKET = "This authentication method is not supported by WebSocket connections"


class ProviderTransport:
    """The client's transport, with the provider's ``prepare`` applied to every request first."""

    def __init__(self, inner: Transport, runtime: ProviderRuntime) -> None:
        self.inner = inner
        self.runtime = runtime

    def send(self, request: Request, *, stream: bool = False) -> Response:
        self.runtime.prepare(request)
        return self.inner.send(request, stream=stream)

    def close(self) -> None:
        self.inner.close()

    def __repr__(self) -> str:
        return f"<ProviderTransport {self.runtime.name} over {self.inner!r}>"


class ProviderSession(Session):
    """Requests go to the provider's base URL with the provider's credentials; no OpenAI key, and
    ``OPENAI_ORG_ID``/``OPENAI_PROJECT_ID``/``OPENAI_BASE_URL`` are not read (as in openai-python)."""

    supplies_auth_per_request = True

    def __init__(self, provider: Any, *, workload_identity: Optional[Mapping[str, Any]] = None,
                 api_key: Any = None, base_url: Optional[str] = None, organization: Optional[str] = None,
                 project: Optional[str] = None, **settings: Any) -> None:
        if not isinstance(provider, Provider):
            raise OpenAIError(
                "Invalid provider. Providers are made by openai_compat.providers.bedrock(...) or .vertex(...)."
            )
        conflicts = [name for name, value in (("api_key", api_key), ("workload_identity", workload_identity),
                                              ("base_url", base_url)) if value is not None]
        if conflicts:
            given = ", ".join(f"`{name}`" for name in conflicts)
            raise OpenAIError(
                f"`provider` cannot be combined with top-level {given}. Move provider authentication and "
                f"routing options into `{provider.name}(...)`."
            )
        runtime = provider.configure()
        super().__init__(api_key="", base_url=runtime.base_url, organization=organization or "",
                         project=project or "", **settings)
        self.organization, self.project = organization, project
        self.provider = provider
        self.provider_runtime = runtime
        self.transport = ProviderTransport(self.transport, runtime)

    def auth_headers(self) -> Dict[str, str]:
        return {}  # the provider authorizes each request in ProviderTransport

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        raise OpenAIError(_NO_WEBSOCKET)

    def copy(self, **overrides: Any) -> Session:
        for name in ("api_key", "base_url"):
            if overrides.get(name) is not None:
                raise OpenAIError(
                    f"`provider` cannot be combined with `{name}`; configure it in `{self.provider.name}(...)`"
                )
        transport = overrides.pop("transport", None)
        new = super().copy(**overrides)
        if transport is not None:
            new.transport = ProviderTransport(transport, self.provider_runtime)
        return new
