"""TLS settings both transports share (requests sits on urllib3): which CA bundle to trust and where
that choice came from, the warning for ``verify=False``, and a clear error for a CA bundle path that
does not exist.

The CA bundle is chosen in requests' documented order (https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification):
the ``verify`` argument, then ``REQUESTS_CA_BUNDLE``, then ``CURL_CA_BUNDLE``; after those comes
OpenSSL's ``SSL_CERT_FILE`` (which requests itself ignores), then certifi's bundle.
"""

from __future__ import annotations

import os
import warnings
from typing import Tuple, Union

from .._errors import APIConnectionError
from .transport import InsecureTransportWarning, Request

__all__ = ["CA_ENV", "Cert", "CaChoice", "check_ca", "resolve_verify", "warn_if_unverified"]

Cert = Union[str, Tuple[str, str], None]
# The CA bundle variables, in the order requests reads them, then the OpenSSL one (httpx reads it).
CA_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")


class CaChoice:
    """The ``verify`` value a transport uses and a note saying where it came from (for errors)."""

    __slots__ = ("note", "verify")

    def __init__(self, verify: Union[bool, str], note: str) -> None:
        self.verify = verify
        self.note = note


def resolve_verify(verify: Union[bool, str], trust_env: bool) -> CaChoice:
    """``verify`` as given, or with ``trust_env`` the CA bundle the environment names, or certifi's."""
    if verify is False:
        return CaChoice(False, "no CA bundle (verify=False)")
    if isinstance(verify, str):
        return CaChoice(verify, f"the CA bundle {verify!r} given as verify=")
    if trust_env:
        named = [(name, os.environ[name]) for name in CA_ENV if os.environ.get(name)]
        if named:
            (name, value), ignored = named[0], [other for other, _ in named[1:]]
            note = f"the CA bundle {value!r} from {name}"
            if ignored:
                note += f" (which comes before {' and '.join(ignored)}, also set)"
            return CaChoice(value, note)
    return CaChoice(True, f"certifi's CA bundle ({_certifi_path()})")


def _certifi_path() -> str:
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with requests
        return "certifi is not installed"
    return str(certifi.where())


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


def check_ca(choice: CaChoice, url: str, request: Request) -> None:
    """Fail fast, and without retries, when an https request names a CA bundle that is not there."""
    verify = choice.verify
    if isinstance(verify, str) and url[:6].lower() == "https:" and not os.path.exists(verify):
        raise APIConnectionError(
            message=f"{choice.note[0].upper()}{choice.note[1:]} does not exist: point it at a PEM file of CA "
            "certificates.",
            request=request,
            should_retry=False,
        )
