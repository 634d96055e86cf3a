"""Where a WebSocket API lives and how a socket to it is opened: the URL (``base_url`` or
``websocket_base_url``), the handshake headers (fresh credentials for every socket, so a reconnect
after a token rotation works) and the socket options.

The URL is built as openai-python builds it: ``websocket_base_url`` when the client has one (an
``http``/``https`` scheme turned into ``ws``/``wss``), else ``base_url`` with ``http`` -> ``ws`` and
``https`` -> ``wss``; then the API's path (``realtime``, ``responses``, ...), then the query:
``default_query`` first, the API's own parameters (``model=``), then ``extra_query``. A provider's
Session may place the Realtime API elsewhere (Azure's ``realtime_url``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, Mapping, Optional

from .._core.headers import build_headers
from .._core.logs import logger
from .._core.session import Session
from .._core.urls import base_url_of, encode_query, join_url, websocket_url
from .._http.transport import Request
from .channel import Channel
from .handshake import open_websocket
from .options import SocketOptions

__all__ = ["Endpoint", "endpoint_url"]


def endpoint_url(session: Session, path: str, query: Mapping[str, Any]) -> str:
    """The WebSocket URL of the API at ``path`` (relative to the base URL) with ``query``."""
    if path == "realtime" and type(session).realtime_url is not Session.realtime_url:
        return session.realtime_url(query)  # a provider's own placement (Azure: deployments, api-version)
    ws_base = getattr(session, "websocket_base_url", None)
    if ws_base:
        url = join_url(base_url_of(websocket_url(ws_base)), path)
    else:
        # route(): where the Session sends HTTP calls to ``path`` (Azure moves some elsewhere).
        url = websocket_url(join_url(session.base_url, session.route(path, None)))
    return encode_query(url, session.default_query, query)


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One WebSocket API of one Session: ``open_channel(extra_query, extra_headers)`` opens a socket."""

    session: Session
    path: str
    query: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # the API's own (model=...)
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)  # the API's own (OpenAI-Beta)
    options: SocketOptions = dataclasses.field(default_factory=SocketOptions)

    def url(self, extra_query: Optional[Mapping[str, Any]] = None) -> str:
        return endpoint_url(self.session, self.path, {**self.query, **(extra_query or {})})

    def open_channel(
        self, extra_query: Optional[Mapping[str, Any]] = None, extra_headers: Optional[Mapping[str, Any]] = None
    ) -> Channel:
        """Open a socket; a refused handshake raises the status error (``AuthenticationError`` for
        401, ...) and a network failure ``APIConnectionError``."""
        url = self.url(extra_query)
        headers = self.handshake_headers(extra_headers)
        logger.debug("WebSocket connect %s", url)
        options = self.options
        ws, final_url = open_websocket(
            url, headers, open_timeout=options.open_timeout, sslopt=dict(options.sslopt), options=options.native
        )
        ws.settimeout(None)  # reads wait for events; recv(timeout=...) bounds a single wait
        request = Request("GET", final_url, headers=headers)  # for errors (the credentials redacted)
        return Channel(ws, url=final_url, request=request, ping_interval=options.ping_interval,
                       max_size=options.max_size)

    def handshake_headers(self, extra_headers: Optional[Mapping[str, Any]] = None) -> Dict[str, str]:
        """Credentials, User-Agent, organization/project, ``default_headers``, the API's own headers,
        ``additional_headers`` of the options, then ``extra_headers`` (later ones win)."""
        session = self.session
        layers = (session.default_headers, self.headers, self.options.headers, extra_headers)
        headers = build_headers(
            session.auth_headers(),
            organization=session.organization,
            project=session.project,
            layers=layers,
            content_type=None,
        )
        if not any(name.lower() == "accept" for layer in layers if layer for name in layer):
            headers.pop("Accept", None)  # ours is for JSON bodies; a handshake has none
        return headers
