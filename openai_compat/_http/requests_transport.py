"""``RequestsTransport``: the default transport, on a ``requests.Session``.

requests prepares and sends the request (its proxies, CA bundle, cookies and adapters apply), but
the body is read by our urllib3 layer with ``raw.read1``: requests' ``iter_content`` holds back
the first event of a close-delimited stream and turns a timeout while reading the body into
``ConnectionError`` (its ``models.py`` wraps urllib3's ``ReadTimeoutError``), so a stalled stream
would not raise ``APITimeoutError``. Three of requests' habits are turned off: redirects (the
Session decides), retries (the Session retries), and ``~/.netrc`` credentials, which requests puts
in place of our ``Authorization: Bearer`` header when ``trust_env`` is on.

Redirects take one more step: even with ``allow_redirects=False``, ``Session.send`` prepares the
next hop (``response.next``) and for that reads the redirect's whole body and parses its
``Location`` (requests' ``sessions.py``), so a 307 with gigabytes of body, or a malformed
``Location``, would hit us before the Session sees the redirect. A response hook, which requests
runs before that step, hides ``Location`` from requests' copy of the headers; ours come from urllib3.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import requests
import requests.adapters
import requests.auth

from .body_reader import finish_response
from .network_errors import map_errors
from .pools import DEFAULT_POOL_MAXSIZE, renew_after_fork
from .tls import CaChoice, Cert, check_ca, resolve_verify, warn_if_unverified
from .transport import Request, Response
from .watchdog import arm, use_watched_pools, watching

__all__ = ["RequestsTransport"]

# Hosts a client talks to at once: the API, maybe a second endpoint or a proxy.
_POOL_CONNECTIONS = 10


class _KeepHeaders(requests.auth.AuthBase):
    """An auth that changes nothing. Passing any auth stops requests from looking in ``~/.netrc``,
    whose Basic credentials would otherwise replace our bearer token (requests #3929)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


_KEEP_HEADERS = _KeepHeaders()


def _hide_location(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """A response hook: requests must not see a redirect as one (see the module docstring)."""
    if response.status_code in requests.models.REDIRECT_STATI:
        response.headers.pop("location", None)


class _Adapter(requests.adapters.HTTPAdapter):
    """requests' adapter with connections that report their socket to the total-timeout watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        use_watched_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        use_watched_pools(manager)  # a SOCKS manager keeps its own pools
        return manager


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
        self._ca = CaChoice(True, "the CA settings of your own requests.Session")
        renew_after_fork(self)

    def send(self, request: Request, *, stream: bool = False) -> Response:
        """Send ``request``; no retries, no redirects (see ``Transport``). With a ``total_timeout``,
        a watchdog shuts the socket when it runs out (see ``watchdog``)."""
        session, send_kw = self._ready()
        watch = None if request.total_timeout is None else arm(request.total_timeout)
        with map_errors(request, watch, self._ca.note), watching(watch):
            if self._own:
                check_ca(self._ca, request.url, request)
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
                hooks={"response": _response_hooks(session)},
                **send_kw,
            )
        return finish_response(response.raw, request, stream=stream, watch=watch)

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
        adapter = _Adapter(pool_connections=_POOL_CONNECTIONS, pool_maxsize=self._pool_maxsize, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        # verify is passed with every request: as a session attribute, requests would let
        # REQUESTS_CA_BUNDLE override even verify=False (requests #3829).
        self._ca = resolve_verify(self._verify, self._trust_env)
        send_kw: Dict[str, Any] = {"verify": self._ca.verify, "cert": self._cert}
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



def _response_hooks(session: requests.Session) -> List[Any]:
    """The session's response hooks, then ours: hooks given with a request replace the session's
    (requests' ``merge_hooks``), so a caller's session keeps its own this way."""
    own: Any = session.hooks.get("response") or []
    return [*(own if isinstance(own, list) else [own]), _hide_location]
