"""Opening a WebSocket with websocket-client: proxy and TLS options, redirects that never
carry credentials to another origin, and handshake failures mapped to this library's errors.

websocket-client is imported here, on the first connection, never with the package (DESIGN.md).
"""

from __future__ import annotations

import socket
import ssl
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple
from urllib.parse import unquote, urljoin, urlsplit

from .._core.results import make_status_error
from .._errors import MAX_ERROR_BODY, APIConnectionError, APIStatusError, APITimeoutError
from .._http.transport import Request, Response

if TYPE_CHECKING:
    import websocket

__all__ = ["check_websocket_url", "open_websocket", "proxy_options"]

_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"ws": 80, "wss": 443, "http": 80, "https": 443}
_PROXY_PORTS = {"http": 80, "socks4": 1080, "socks4a": 1080, "socks5": 1080, "socks5h": 1080}


def proxy_options(proxy: Optional[str]) -> Dict[str, Any]:
    """websocket-client's proxy keywords for a proxy URL (``http://user:pass@host:port``, or a
    ``socks5://`` one, which needs the ``python-socks`` package).

    Without one, websocket-client reads ``http_proxy`` (for ``ws://``) or ``https_proxy`` (for
    ``wss://``), lower or upper case, and skips hosts listed in ``no_proxy``/``NO_PROXY``.
    """
    if not proxy:
        return {}
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    scheme = parts.scheme.lower()
    if scheme not in _PROXY_PORTS or not parts.hostname:
        raise ValueError("proxy must be a URL such as http://host:port or socks5://host:port")
    options: Dict[str, Any] = {
        "http_proxy_host": parts.hostname,
        "http_proxy_port": parts.port or _PROXY_PORTS[scheme],
        "proxy_type": scheme,
    }
    if parts.username:
        options["http_proxy_auth"] = (unquote(parts.username), unquote(parts.password or ""))
    return options


def open_websocket(
    url: str,
    headers: Mapping[str, str],
    *,
    open_timeout: Optional[float],
    sslopt: Dict[str, Any],
    options: Mapping[str, Any],
) -> Tuple[websocket.WebSocket, str]:
    """Connect and finish the opening handshake; return the socket and the URL it ended at.

    A redirect is followed only within the same origin (scheme, host, port), since the credentials
    go with it; another origin raises ``APIStatusError`` (as ``Session.send`` does for HTTP).
    Failures raise ``APIStatusError`` subclasses (a non-101 answer), ``APITimeoutError`` or
    ``APIConnectionError``; messages never hold the credentials.
    """
    import websocket

    check_websocket_url(url)
    header_lines = [f"{name}: {value}" for name, value in headers.items()]
    for _ in range(_MAX_REDIRECTS + 1):
        request = Request("GET", url, headers=headers)  # for error messages (credentials redacted)
        ws = websocket.WebSocket(sslopt=sslopt, enable_multithread=True)
        ws.settimeout(open_timeout)
        try:
            # redirect_limit=0: websocket-client would re-send every header, the API key
            # included, to any Location; redirects are followed below instead.
            # suppress_origin: no browser-style Origin header (openai-python sends none either).
            ws.connect(  # type: ignore[no-untyped-call]
                url, header=header_lines, redirect_limit=0, **{"suppress_origin": True, **options}
            )
        except websocket.WebSocketBadStatusException as exc:
            raise _status_error(exc.status_code, exc.resp_headers, exc.resp_body, request) from None
        except websocket.WebSocketTimeoutException as exc:
            raise APITimeoutError(request, message=f"WebSocket handshake timed out after {open_timeout} s") from exc
        except socket.timeout as exc:
            raise APITimeoutError(request, message=f"WebSocket handshake timed out after {open_timeout} s") from exc
        except ssl.SSLError as exc:
            error = APIConnectionError(message=f"WebSocket TLS error: {exc}", request=request, should_retry=False)
            raise error from exc
        except websocket.WebSocketException as exc:
            response = getattr(ws, "handshake_response", None)
            if response is None or response.status not in _REDIRECTS:
                raise APIConnectionError(message=f"WebSocket connection error: {exc}", request=request) from exc
            url = _redirect_target(url, response.status, response.headers, request)
            continue
        except OSError as exc:
            raise APIConnectionError(message=f"WebSocket connection error: {exc}", request=request) from exc
        except (ValueError, IndexError) as exc:
            # websocket-client 1.9.0 (Python 3.9) lets these out of its parser for a malformed
            # answer (a bad status line, a header that is not UTF-8); 1.9.2 raises WebSocketException.
            # The URL was checked above, so they come from the server's answer here.
            message = f"WebSocket connection error: malformed handshake answer ({exc!r})"
            raise APIConnectionError(message=message, request=request) from exc
        response = getattr(ws, "handshake_response", None)
        if response is not None and response.status in _REDIRECTS:
            # websocket-client before 1.9.2 returns from connect() on a redirect when redirect_limit
            # is 0, as if the socket had opened: follow it here as above. shutdown(), not close():
            # this is an HTTP connection, where a close frame would get no answer (close() waits 3 s).
            ws.shutdown()  # type: ignore[no-untyped-call]
            url = _redirect_target(url, response.status, response.headers, request)
            continue
        return ws, url
    raise APIConnectionError(message=f"WebSocket handshake: more than {_MAX_REDIRECTS} redirects", request=request)


def check_websocket_url(url: str) -> None:
    """Refuse, as ``ValueError``, what websocket-client would refuse: a scheme other than ws/wss, no
    host, a bad port. (Checked first, so that ``ValueError`` from ``connect`` means a bad answer.)"""
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme.lower() not in ("ws", "wss") or not parts.hostname or not port_ok:
        raise ValueError(
            "This connection's URL is not a WebSocket URL (ws:// or wss:// with a host and a valid port): "
            "check base_url, websocket_base_url or the Azure endpoint"
        )


def _status_error(
    status: int, headers: Optional[Mapping[str, str]], body: Optional[bytes], request: Request
) -> APIStatusError:
    raw = (body or b"")[:MAX_ERROR_BODY]
    response = Response(status, dict(headers or {}), content=raw, url=request.url)
    return make_status_error(response, raw, request=request)


def _origin(url: str) -> Tuple[str, str, Optional[int]]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a malformed port in a Location header: never the same origin
        port = -1
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def _redirect_target(url: str, status: int, headers: Optional[Mapping[str, str]], request: Request) -> str:
    location = (headers or {}).get("location")
    response = Response(status, dict(headers or {}), content=b"", url=url)
    if not location:
        raise APIStatusError(f"WebSocket handshake: redirect {status} without a Location", response=response,
                             body=None, request=request)
    target = urljoin(url, location)
    if _origin(target) != _origin(url):
        scheme, host, port = _origin(target)
        raise APIStatusError(
            f"Refusing to follow a WebSocket redirect to {scheme}://{host}:{port}: the handshake would carry "
            "your API key to another origin. Point base_url (or the Azure endpoint) at the final address.",
            response=response,
            body=None,
            request=request,
        )
    return target
