"""``Urllib3Transport``: the transport on a bare urllib3 ``PoolManager``, and the urllib3 layer both
transports share (requests sits on urllib3, so the body reader and the error mapping live here).

Bodies are read with ``HTTPResponse.read1``: on a close-delimited body (no length, no chunking)
``stream()`` and requests' ``iter_content`` hold the first event until more bytes or the end
arrive, while ``read1`` returns what the socket has (style-anchors §4.2). Giving a body up closes
the connection before releasing it; releasing a half-read connection hands the next request a
dirty socket (style-anchors §4.3).

This module is imported only when a transport is built; nothing here touches the network, TLS or
the environment until the first ``send``.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import socket
import ssl
import threading
import urllib.request
import warnings
import weakref
from types import TracebackType
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union
from urllib.parse import unquote

import urllib3
from urllib3 import exceptions as u3

from ._errors import MAX_ERROR_BODY, APIConnectionError, APITimeoutError, OpenAIError
from ._transport import Headers, InsecureTransportWarning, Request, Response

try:  # the CA bundle requests uses, so both transports trust the same roots
    import certifi
except ImportError:  # pragma: no cover - certifi comes with requests
    certifi = None  # type: ignore[assignment]

__all__ = ["Urllib3Transport"]

CHUNK_SIZE = 65536
DEFAULT_POOL_MAXSIZE = 100
Cert = Union[str, Tuple[str, str], None]
# The CA bundle variables, in the order requests reads them, then the OpenSSL one (httpx reads it).
_CA_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")
# Only these exceptions' texts go into our messages: they carry errno text, never a URL or a header.
_STDLIB_MODULES = frozenset({"builtins", "socket", "ssl", "http.client"})


# -- the error mapping, for send and for reading a body ----------------------------------------


class map_errors:  # lower case: it reads as ``with map_errors(request):``
    """Turn an HTTP library's network exception into ``APIConnectionError`` / ``APITimeoutError``."""

    __slots__ = ("request",)

    def __init__(self, request: Request) -> None:
        self.request = request

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if isinstance(exc, Exception) and not isinstance(exc, OpenAIError):
            raise_mapped(exc, self.request)


def raise_mapped(exc: Exception, request: Request) -> None:
    """Raise our error for ``exc``, or return if it is not a network failure (a bug: let it out).

    requests and urllib3 nest their exceptions (``ConnectionError(MaxRetryError(reason=...))``,
    ``ProtocolError(..., ReadTimeoutError)``), so the decision looks at the whole chain.
    """
    chain = _chain(exc)
    for link in chain:
        # requests' exceptions hold the prepared request, Authorization header included; a
        # pickled cause (tblib, as Dask installs it) would carry the key to another process.
        if getattr(link, "request", None) is not None and not isinstance(link, OpenAIError):
            with contextlib.suppress(AttributeError):
                link.request = None  # type: ignore[attr-defined]
    for link in chain:
        if isinstance(link, ssl.SSLCertVerificationError):
            reason = link.verify_message or "certificate verify failed"
            raise APIConnectionError(
                message=f"TLS certificate verification failed ({reason}). If the server uses a private or "
                'corporate CA, pass its bundle: verify="/path/ca.pem" (or set REQUESTS_CA_BUNDLE).',
                request=request,
                should_retry=False,  # the same certificate will fail the same way
            ) from exc
    if any(_is_timeout(link) for link in chain):
        if any(isinstance(link, u3.ConnectTimeoutError) for link in chain):
            message = f"Request timed out: no connection within {request.connect_timeout} s."
        else:
            message = f"Request timed out: the server sent nothing for {request.read_timeout} s."
        raise APITimeoutError(request, message=message) from exc
    if isinstance(exc, ValueError) and not any(isinstance(link, u3.InvalidHeader) for link in chain):
        # A bad URL or header value. The library's text may quote a header value (the API key),
        # so the cause is dropped, and a retry cannot help. (urllib3's InvalidHeader is about the
        # response, such as conflicting Content-Length values; requests wraps it in a ValueError.)
        if isinstance(exc, UnicodeError):
            hint = "a header value has a character outside Latin-1 (often a pasted API key)"
        else:
            hint = "check base_url, the proxies and the header values"
        raise APIConnectionError(
            message=f"Invalid request ({type(exc).__name__}): {hint}; details withheld as they may quote a header.",
            request=request,
            should_retry=False,
        ) from None
    if isinstance(exc, (OSError, u3.HTTPError, http.client.HTTPException)):
        via = "through the proxy " if any(isinstance(link, u3.ProxyError) for link in chain) else ""
        raise APIConnectionError(message=f"Connection error {via}({_detail(chain)}).", request=request) from exc


def _chain(exc: BaseException) -> List[BaseException]:
    """``exc`` and everything it wraps: causes, contexts, ``reason`` and exception arguments."""
    seen: List[BaseException] = []
    todo: List[object] = [exc]
    while todo and len(seen) < 32:
        link = todo.pop(0)
        if not isinstance(link, BaseException) or any(link is s for s in seen):
            continue
        seen.append(link)
        todo.extend((link.__cause__, link.__context__, getattr(link, "reason", None), *link.args))
    return seen


def _is_timeout(link: BaseException) -> bool:
    # urllib3 2 makes NewConnectionError (refused, DNS) a ConnectTimeoutError for old callers.
    if isinstance(link, u3.NewConnectionError):
        return False
    return isinstance(link, (socket.timeout, TimeoutError, u3.TimeoutError))


def _detail(chain: List[BaseException]) -> str:
    for link in chain:
        if isinstance(link, http.client.IncompleteRead):
            partial: Any = link.partial
            got = partial if isinstance(partial, int) else len(partial)
            if link.expected is None:  # http.client's chunked reader does not count
                return "the response body was cut in the middle of its chunked framing"
            return f"the response body ended early: {got} bytes read, {link.expected} more expected"
        if isinstance(link, u3.InvalidHeader):  # its text quotes the response's headers, never ours
            return f"invalid response header: {str(link)[:200]}"
    for link in reversed(chain):  # the innermost cause says the most
        if type(link).__module__ in _STDLIB_MODULES and str(link):
            return f"{type(link).__name__}: {str(link)[:200]}"
    return type(chain[-1]).__name__


# -- responses ---------------------------------------------------------------------------------


class Urllib3Body:
    """A body on the wire. Each ``iter()`` continues where the last one stopped (our ``Stream`` reads
    what follows ``[DONE]`` with a second loop); ``close`` closes, then releases the connection."""

    __slots__ = ("_closed", "_done", "_errors", "_raw")

    def __init__(self, raw: urllib3.BaseHTTPResponse, request: Request) -> None:
        if isinstance(raw, urllib3.HTTPResponse):
            raw.enforce_content_length = True  # a short body must raise, not end quietly
        self._raw = raw
        self._errors = map_errors(request)
        self._done = False
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks()

    def _chunks(self) -> Iterator[bytes]:
        raw, errors = self._raw, self._errors
        plain = _undecoded_body(raw)
        if plain is not None:
            yield from self._plain_chunks(plain)
            return
        while not (self._done or self._closed):
            with errors:
                chunk = raw.read1(CHUNK_SIZE, decode_content=True)
            if not chunk:
                # urllib3 has already put the connection back in the pool when the body ended.
                self._done = True
                raw.release_conn()
                return
            yield chunk

    def _plain_chunks(self, body: http.client.HTTPResponse) -> Iterator[bytes]:
        """Read straight from http.client when there is nothing to decode: urllib3's ``read1``
        costs ~15 us a call, and a stream makes one call per event (issue 3: 2x the chunks/s)."""
        errors, seen = self._errors, 0
        while not (self._done or self._closed):
            with errors:
                chunk = body.read1(CHUNK_SIZE)
                if not chunk and body.length:
                    # http.client ends a short Content-Length body quietly; it must be an error.
                    raise u3.IncompleteRead(seen, body.length)
            seen += len(chunk)
            if not chunk:
                self._done = True
                self._raw.release_conn()
                return
            yield chunk

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if not self._done:
                self._raw.close()  # unread bytes would poison the next request on this socket
        except OSError:
            pass
        finally:
            self._raw.release_conn()


def _undecoded_body(raw: urllib3.BaseHTTPResponse) -> Optional[http.client.HTTPResponse]:
    """The http.client response under ``raw`` if urllib3 has no decoding to do and has read nothing."""
    if not isinstance(raw, urllib3.HTTPResponse) or raw.headers.get("content-encoding", "identity") != "identity":
        return None
    body = raw._fp
    if not isinstance(body, http.client.HTTPResponse) or raw._fp_bytes_read or raw.length_remaining == 0:
        return None
    return body


def finish_response(raw: urllib3.BaseHTTPResponse, request: Request, *, stream: bool) -> Response:
    """Our ``Response`` for a urllib3 response whose headers have arrived."""
    headers = Headers(raw.headers.items())  # repeated headers are joined by Headers
    body = Urllib3Body(raw, request)
    if stream:
        return Response(raw.status, headers, stream=body, url=request.url)
    if not 200 <= raw.status < 300:
        # An error body is read up to a cap (the Session cuts it and says so): never gigabytes.
        response = Response(raw.status, headers, stream=body, url=request.url)
        response.read(limit=MAX_ERROR_BODY)
        return response
    try:
        content = b"".join(body)
    finally:
        body.close()
    return Response(raw.status, headers, content=content, url=request.url)


# -- TLS and proxy settings --------------------------------------------------------------------


def resolve_verify(verify: Union[bool, str], trust_env: bool) -> Union[bool, str]:
    """``verify`` as given, or with ``trust_env`` the CA bundle named by the environment."""
    if verify is True and trust_env:
        for name in _CA_ENV:
            value = os.environ.get(name)
            if value:
                return value
    return verify


def warn_if_unverified(verify: Union[bool, str], transport: str) -> None:
    """Warn (once per transport: it is called from ``__init__``) that ``verify=False`` turns TLS checks off."""
    if verify is False:
        warnings.warn(
            f"{transport}(verify=False): TLS certificates are not checked, so anyone on the network path "
            "can read and change the traffic, API key included. To trust a private or corporate CA, pass "
            'verify="/path/ca.pem" instead.',
            InsecureTransportWarning,
            stacklevel=3,
        )


def check_ca(verify: Union[bool, str], url: str, request: Request) -> None:
    """Fail fast, and without retries, when an https request names a CA bundle that is not there."""
    if isinstance(verify, str) and url[:6].lower() == "https:" and not os.path.exists(verify):
        raise APIConnectionError(
            message=f"The CA bundle {verify!r} (verify= or REQUESTS_CA_BUNDLE/SSL_CERT_FILE) does not exist.",
            request=request,
            should_retry=False,
        )


def bypass_proxy(host: str, port: int, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` exempts ``host``: ``*``, a host or domain suffix (``.x.com``, ``*.x.com``),
    optionally with ``:port``, an IP, or a CIDR block, as requests reads it."""
    host = host.strip("[]").lower()
    try:
        ip: Any = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    for item in no_proxy.lower().split(","):
        entry = item.strip()
        if entry == "*":
            return True
        if not entry:
            continue
        if ip is not None:
            try:
                if ip in ipaddress.ip_network(entry.strip("[]"), strict=False):
                    return True
                continue
            except ValueError:
                pass
        name, sep, entry_port = entry.rpartition(":")
        if sep and entry_port.isdigit() and ":" not in name:
            if int(entry_port) != port:
                continue
            entry = name
        entry = entry.lstrip("*").lstrip(".")
        if entry and (host == entry or host.endswith("." + entry)):
            return True
    return False


# -- fork safety -------------------------------------------------------------------------------

# Transports whose pools a forked child must not reuse (reliability-plan §3 item 7, user-needs #10).
_FORK_AWARE: weakref.WeakSet[Any] = weakref.WeakSet()


def renew_after_fork(transport: Any) -> None:
    """Have ``transport._after_fork()`` called in the child of every ``os.fork()`` (gunicorn and
    Celery prefork, ``multiprocessing`` with "fork"). A hook costs nothing per request, unlike
    comparing ``os.getpid()`` on every send."""
    _FORK_AWARE.add(transport)


def _after_fork_in_child() -> None:
    for transport in list(_FORK_AWARE):
        transport._after_fork()


if hasattr(os, "register_at_fork"):  # POSIX only; Windows cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Settings:
    """What the first ``send`` reads from the arguments and the environment, once."""

    __slots__ = ("env_proxies", "no_proxy", "pool_kw", "proxies", "verify")

    def __init__(self, transport: Urllib3Transport) -> None:
        self.verify = resolve_verify(transport._verify, transport._trust_env)
        self.proxies = dict(transport._proxies or {})
        env = urllib.request.getproxies_environment() if transport._trust_env else {}
        self.no_proxy = env.pop("no", "")
        self.env_proxies = env
        kw: Dict[str, Any] = {"maxsize": transport._pool_maxsize, "retries": False, "block": False}
        kw["cert_reqs"] = "CERT_NONE" if self.verify is False else "CERT_REQUIRED"
        if isinstance(self.verify, str):
            kw["ca_cert_dir" if os.path.isdir(self.verify) else "ca_certs"] = self.verify
        elif self.verify is True and certifi is not None:
            kw["ca_certs"] = certifi.where()
        cert = transport._cert
        if isinstance(cert, str):
            kw["cert_file"] = cert
        elif cert is not None:
            kw["cert_file"], kw["key_file"] = cert
        self.pool_kw = kw

    def proxy_for(self, url: str) -> Optional[str]:
        parsed = urllib3.util.parse_url(url)
        scheme = (parsed.scheme or "http").lower()
        explicit = self.proxies.get(scheme) or self.proxies.get("all")
        if explicit:  # given by the caller: used for every host, as requests does
            return explicit
        proxy = self.env_proxies.get(scheme) or self.env_proxies.get("all")
        port = parsed.port or (443 if scheme == "https" else 80)
        if not proxy or bypass_proxy(parsed.host or "", port, self.no_proxy):
            return None
        return proxy


class Urllib3Transport:
    """A transport on urllib3 alone: one ``PoolManager`` (plus one ``ProxyManager`` per proxy).

    ``pool_manager`` is an escape hatch: your own manager, used as it is and never closed by us.
    Otherwise ``verify`` is ``True``, ``False`` or a CA bundle path; ``cert`` a client certificate
    (a path, or a (cert, key) pair); ``proxies`` maps ``http``/``https``/``all`` to a proxy URL.
    With ``trust_env``, ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY`` and the CA bundle variables
    ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``/``SSL_CERT_FILE`` apply, read at the first send.
    """

    def __init__(
        self,
        *,
        pool_manager: Optional[urllib3.PoolManager] = None,
        pool_maxsize: int = DEFAULT_POOL_MAXSIZE,
        proxies: Optional[Mapping[str, str]] = None,
        verify: Union[bool, str] = True,
        cert: Cert = None,
        trust_env: bool = True,
    ) -> None:
        options = (pool_maxsize != DEFAULT_POOL_MAXSIZE, proxies is not None, verify is not True, cert, not trust_env)
        if pool_manager is not None and any(options):
            raise ValueError("give either pool_manager= or connection options, not both: your manager is used as is")
        self._user_manager = pool_manager
        self._pool_maxsize = pool_maxsize
        self._proxies = dict(proxies) if proxies is not None else None
        self._verify = verify
        warn_if_unverified(verify, "Urllib3Transport")
        self._cert = cert
        self._trust_env = trust_env
        self._lock = threading.Lock()
        self._settings: Optional[_Settings] = None
        self._managers: Dict[Optional[str], urllib3.PoolManager] = {}  # None is the direct one
        self._by_origin: Dict[str, urllib3.PoolManager] = {}
        renew_after_fork(self)

    def send(self, request: Request, *, stream: bool = False) -> Response:
        """Send ``request``; no retries, no redirects (see ``Transport``)."""
        with map_errors(request):
            manager = self._manager_for(request)
            headers = dict(request.headers)
            if not any(name.lower() == "accept-encoding" for name in headers):
                headers["Accept-Encoding"] = "gzip, deflate"  # what requests asks for, so both behave alike
            raw = manager.urlopen(
                request.method,
                request.url,
                body=request.body,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                enforce_content_length=True,
                timeout=urllib3.Timeout(connect=request.connect_timeout, read=request.read_timeout),
            )
        return finish_response(raw, request, stream=stream)

    def _manager_for(self, request: Request) -> urllib3.PoolManager:
        if self._user_manager is not None:
            return self._user_manager
        # The manager depends only on the origin: remember it, since choosing costs a URL parse,
        # a proxy look-up and a CA check (~8 us, a tenth of a loopback round trip).
        url = request.url
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]
        manager = self._by_origin.get(origin)
        if manager is not None:
            return manager
        with self._lock:
            settings = self._settings
            if settings is None:
                settings = self._settings = _Settings(self)
            check_ca(settings.verify, request.url, request)
            proxy = settings.proxy_for(request.url)
            manager = self._managers.get(proxy)
            if manager is None:
                manager = self._managers[proxy] = _build_manager(proxy, settings.pool_kw)
            self._by_origin[origin] = manager
            return manager

    def close(self) -> None:
        """Close every pooled connection (a manager you passed in is left alone)."""
        with self._lock:
            managers, self._managers = list(self._managers.values()), {}
            self._by_origin = {}
            self._settings = None
        for manager in managers:
            manager.clear()

    def _after_fork(self) -> None:
        # In a forked child the pooled sockets are the parent's too. Forget them: urllib3 closes
        # this process's copies when the managers are collected (close, never shutdown, so the
        # parent's connections are untouched), and the next send builds new ones. The lock is new
        # because another thread of the parent may have held it at the fork. A manager you passed
        # in is yours to renew.
        self._lock = threading.Lock()
        self._managers = {}
        self._by_origin = {}

    def __getstate__(self) -> Dict[str, Any]:
        """Pickle and deepcopy carry the configuration; the pool is built again on first use."""
        if self._user_manager is not None:
            raise TypeError(
                "a Urllib3Transport on your own pool_manager cannot be pickled or deep-copied: a PoolManager "
                "holds live connections and locks. Give the transport options instead (pool_maxsize, proxies, "
                "verify, cert), or build the client in each process."
            )
        state = self.__dict__.copy()
        state.update(_lock=None, _settings=None, _managers={}, _by_origin={})
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        renew_after_fork(self)

    def __repr__(self) -> str:
        if self._user_manager is not None:
            return "<Urllib3Transport (caller's pool manager)>"
        return f"<Urllib3Transport pool_maxsize={self._pool_maxsize}>"


def _build_manager(proxy: Optional[str], pool_kw: Mapping[str, Any]) -> urllib3.PoolManager:
    if proxy is None:
        return urllib3.PoolManager(num_pools=10, **pool_kw)
    if "://" not in proxy:
        proxy = "http://" + proxy  # ``HTTPS_PROXY=host:3128`` means a plain-HTTP proxy, as in requests
    parsed = urllib3.util.parse_url(proxy)
    proxy_headers: Dict[str, str] = {}
    if parsed.auth:  # urllib3 does not turn URL credentials into Proxy-Authorization by itself
        proxy_headers = dict(urllib3.make_headers(proxy_basic_auth=unquote(parsed.auth)))
    bare = parsed._replace(auth=None).url
    return urllib3.ProxyManager(bare, num_pools=10, proxy_headers=proxy_headers, **pool_kw)
