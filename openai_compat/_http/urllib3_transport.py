"""``Urllib3Transport``: the transport on a bare urllib3 ``PoolManager``, and the TLS, proxy and
fork handling both transports share (requests sits on urllib3). Bodies are read by ``_bodies``,
errors mapped by ``_net_errors``.

This module is imported only when a transport is built; nothing here touches the network, TLS or
the environment until the first ``send``.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import urllib.request
import warnings
import weakref
from typing import Any, Dict, Mapping, Optional, Tuple, Union
from urllib.parse import unquote

import urllib3

from .._errors import APIConnectionError
from .body_reader import finish_response
from .network_errors import map_errors
from .transport import InsecureTransportWarning, Request, Response

try:  # the CA bundle requests uses, so both transports trust the same roots
    import certifi
except ImportError:  # pragma: no cover - certifi comes with requests
    certifi = None  # type: ignore[assignment]

__all__ = ["Urllib3Transport"]

DEFAULT_POOL_MAXSIZE = 100
Cert = Union[str, Tuple[str, str], None]
# The CA bundle variables, in the order requests reads them, then the OpenSSL one (httpx reads it).
_CA_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")


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
