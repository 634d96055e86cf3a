"""The client's read-only views of its configuration, named as openai-python's ``OpenAI`` has them
(``default_headers``, ``default_query``, ``user_agent``, ``auth_headers``, ``qs``, ...), and its
``with_raw_response``/``with_streaming_response`` views of every namespace."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Dict, Mapping, Optional

import msgspec

from .._core.headers import USER_AGENT
from .._core.session import Session
from ._wrappers import WithRawResponse, WithStreamingResponse
from .client_options import Querystring

__all__ = ["ClientAttributes"]


class ClientAttributes:
    """Mixed into ``Client``: everything here reads ``self.session``."""

    session: Session

    @property
    def default_headers(self) -> Dict[str, str]:
        """The headers every request carries unless the call overrides them: ``Accept``,
        ``User-Agent``, ``OpenAI-Organization``/``OpenAI-Project`` when set, then the client's own
        ``default_headers`` over them. Credentials are in ``auth_headers``."""
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if self.session.organization:
            headers["OpenAI-Organization"] = self.session.organization
        if self.session.project:
            headers["OpenAI-Project"] = self.session.project
        custom: Mapping[str, Any] = self.session.default_headers
        for name, value in custom.items():
            for existing in [key for key in headers if key.lower() == name.lower()]:
                del headers[existing]
            if value is not None and value is not msgspec.UNSET:
                headers[name] = str(value)
        return headers

    @property
    def default_query(self) -> Dict[str, object]:
        """The query parameters every request carries (``default_query=``)."""
        return dict(self.session.default_query)

    @property
    def user_agent(self) -> str:
        """This library's ``User-Agent``: its name and version and the Python running it."""
        return USER_AGENT

    @property
    def auth_headers(self) -> Dict[str, str]:
        """The credential headers the next request will carry (a callable ``api_key`` is called;
        Azure's is ``api-key``). Empty when a ``workload_identity`` or ``provider`` supplies them
        per request."""
        return dict(self.session.auth_headers()) if self._static_auth else {}

    @property
    def _static_auth(self) -> bool:
        return not getattr(self.session, "supplies_auth_per_request", False)

    @property
    def custom_auth(self) -> None:
        """openai-python's ``httpx.Auth`` hook: always ``None`` here, since credentials go in
        headers (``auth_headers``) and a ``provider`` signs the request itself."""
        return None

    def platform_headers(self) -> Dict[str, str]:
        """openai-python sends ``X-Stainless-*`` headers naming the OS, architecture and runtime;
        this library sends none (``User-Agent`` names the library and Python), so this is empty."""
        return {}

    @property
    def qs(self) -> Querystring:
        """How query parameters are encoded (arrays as ``name[]=a&name[]=b``)."""
        return Querystring()

    @property
    def websocket_base_url(self) -> Optional[str]:
        """Where the Realtime API's WebSocket connects (``None``: ``base_url`` with ``ws``/``wss``)."""
        url: Optional[str] = getattr(self.session, "websocket_base_url", None)
        return url

    @property
    def workload_identity(self) -> Optional[Mapping[str, Any]]:
        """The ``workload_identity`` the client authenticates with, if any."""
        identity: Optional[Mapping[str, Any]] = getattr(self.session, "workload_identity", None)
        return identity

    @cached_property
    def with_raw_response(self) -> WithRawResponse:
        """Every namespace with each method returning the raw HTTP response:
        ``client.with_raw_response.chat.completions.create(...)``."""
        return WithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> WithStreamingResponse:
        """Every namespace with each method returning a context manager over the unread response:
        ``with client.with_streaming_response.files.content(file_id) as response: ...``."""
        return WithStreamingResponse(self)
