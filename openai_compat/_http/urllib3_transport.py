"""``Urllib3Transport``: the transport on a bare urllib3 ``PoolManager``, with its own proxy handling
(requests does its own). The TLS settings (``tls``) and the pool defaults and fork handling
(``pools``) are shared with ``RequestsTransport``; bodies are read by ``body_reader``, errors mapped
by ``network_errors``.

This module is imported only when a transport is built; nothing here touches the network, TLS or
the environment until the first ``send``.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import urllib.request
from typing import Any, Dict, Mapping, Optional, Union
from urllib.parse import unquote

import urllib3

from .body_reader import finish_response
from .network_errors import map_errors
from .pools import DEFAULT_POOL_MAXSIZE, renew_after_fork
from .tls import Cert, check_ca, resolve_verify, warn_if_unverified
from .transport import Request, Response

try:  # the CA bundle requests uses, so both transports trust the same roots
    import certifi
except ImportError:  # pragma: no cover - certifi comes with requests
    certifi = None  # type: ignore[assignment]

__all__ = ["Urllib3Transport", "bypass_proxy"]


# -- proxy settings ------------------------------------------------------------------------------


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
