"""``RequestsTransport``: the default transport, on a ``requests.Session``.

requests prepares and sends the request (its proxies, CA bundle, cookies and adapters apply), but
the body is read by our urllib3 layer with ``raw.read1``: requests' ``iter_content`` holds back
the first event of a close-delimited stream and turns a timeout while reading the body into
``ConnectionError`` (its ``models.py`` wraps urllib3's ``ReadTimeoutError``), so a stalled stream
would not raise ``APITimeoutError``. Three of requests' habits are turned off: redirects (the
Session decides), retries (the Session retries), and ``~/.netrc`` credentials, which requests puts
in place of our ``Authorization: Bearer`` header when ``trust_env`` is on.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Mapping, Optional, Tuple, Union

import requests
import requests.adapters
import requests.auth

from .body_reader import finish_response
from .network_errors import map_errors
from .pools import DEFAULT_POOL_MAXSIZE, renew_after_fork
from .tls import Cert, check_ca, resolve_verify, warn_if_unverified
from .transport import Headers, Request, Response

__all__ = ["RequestsTransport"]

# Hosts a client talks to at once: the API, maybe a second endpoint or a proxy.
_POOL_CONNECTIONS = 10


class _KeepHeaders(requests.auth.AuthBase):
    """An auth that changes nothing. Passing any auth stops requests from looking in ``~/.netrc``,
    whose Basic credentials would otherwise replace our bearer token (requests #3929)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


_KEEP_HEADERS = _KeepHeaders()


class RequestsTransport:
    """A transport on requests, with a pool of ``pool_maxsize`` connections per host.

    ``session`` is an escape hatch: your own ``requests.Session``, used with its own settings and
    adapters and never closed by us. Otherwise ``verify`` is ``True``, ``False`` or a CA bundle path;
    ``cert`` a client certificate (a path, or a (cert, key) pair); ``proxies`` a requests-style
    mapping. With ``trust_env``, ``HTTP(S)_PROXY``/``NO_PROXY`` apply as requests applies them, and
    ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``/``SSL_CERT_FILE`` name the CA bundle.
    Nothing is set up until the first ``send``.
    """

    def __init__(
        self,
        *,
        session: Optional[requests.Session] = None,
        pool_maxsize: int = DEFAULT_POOL_MAXSIZE,
        proxies: Optional[Mapping[str, str]] = None,
        verify: Union[bool, str] = True,
        cert: Cert = None,
        trust_env: bool = True,
    ) -> None:
        options = (pool_maxsize != DEFAULT_POOL_MAXSIZE, proxies is not None, verify is not True, cert, not trust_env)
        if session is not None and any(options):
            raise ValueError("give either session= or connection options, not both: your session is used as is")
        self._session = session
        self._own = session is None
        self._pool_maxsize = pool_maxsize
        self._proxies = dict(proxies) if proxies is not None else None
        self._verify = verify
        warn_if_unverified(verify, "RequestsTransport")
        self._cert = cert
        self._trust_env = trust_env
        self._lock = threading.Lock()
        self._send_kw: Dict[str, Any] = {}
        renew_after_fork(self)

    def send(self, request: Request, *, stream: bool = False) -> Response:
        """Send ``request``; no retries, no redirects (see ``Transport``)."""
        session, send_kw = self._ready()
        with map_errors(request):
            if self._own:
                check_ca(send_kw["verify"], request.url, request)
            # A caller's session may carry its own auth; otherwise ours keeps netrc out.
            auth = None if session.auth is not None else _KEEP_HEADERS
            response = session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body,
                timeout=(request.connect_timeout, request.read_timeout),
                allow_redirects=False,
                stream=True,  # always: the body is read below, by our reader
                auth=auth,
                **send_kw,
            )
            if response.is_redirect:
                # Even with allow_redirects=False requests reads a redirect's body itself (to build
                # ``response.next``), so the raw stream is spent; take what it read.
                headers = Headers(response.raw.headers.items())
                return Response(response.status_code, headers, content=response.content, url=request.url)
        return finish_response(response.raw, request, stream=stream)

    def _ready(self) -> Tuple[requests.Session, Dict[str, Any]]:
        """The session and the per-request settings, built (and the environment read) on first use."""
        session = self._session
        if session is not None:  # built already: no lock for 32 threads to queue on
            return session, self._send_kw
        with self._lock:
            session = self._session
            if session is None:
                session = self._session = self._build()
            return session, self._send_kw

    def _build(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = self._trust_env
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=_POOL_CONNECTIONS, pool_maxsize=self._pool_maxsize, max_retries=0
        )
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        # verify is passed with every request: as a session attribute, requests would let
        # REQUESTS_CA_BUNDLE override even verify=False (requests #3829).
        send_kw: Dict[str, Any] = {
            "verify": resolve_verify(self._verify, self._trust_env),
            "cert": self._cert,
        }
        if self._proxies is not None:
            send_kw["proxies"] = dict(self._proxies)
        self._send_kw = send_kw
        return session

    def close(self) -> None:
        """Close the pooled connections (a session you passed in is left alone)."""
        with self._lock:
            session = self._session if self._own else None
            if self._own:
                self._session = None
        if session is not None:
            session.close()

    def _after_fork(self) -> None:
        # In a forked child the pooled sockets are the parent's too. Forget the session: urllib3
        # closes this process's copies when its pools are collected (close, never shutdown, so the
        # parent's connections are untouched), and the next send builds a new one. The lock is new
        # because another thread of the parent may have held it at the fork. A session you passed
        # in is yours to renew.
        self._lock = threading.Lock()
        if self._own:
            self._session = None

    def __getstate__(self) -> Dict[str, Any]:
        """Pickle and deepcopy carry the configuration; the session is built again on first use."""
        if not self._own:
            raise TypeError(
                "a RequestsTransport on your own requests.Session cannot be pickled or deep-copied: its "
                "adapters, auth and hooks are yours to rebuild. Give the transport options instead "
                "(pool_maxsize, proxies, verify, cert), or build the client in each process."
            )
        state = self.__dict__.copy()
        state.update(_session=None, _lock=None, _send_kw={})
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        renew_after_fork(self)

    def __repr__(self) -> str:
        if not self._own:
            return "<RequestsTransport (caller's session)>"
        return f"<RequestsTransport pool_maxsize={self._pool_maxsize}>"

