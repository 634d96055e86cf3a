"""TLS settings both transports share (requests sits on urllib3): which CA bundle to trust, the
warning for ``verify=False``, and a clear error for a CA bundle path that does not exist.
"""

from __future__ import annotations

import os
import warnings
from typing import Tuple, Union

from .._errors import APIConnectionError
from .transport import InsecureTransportWarning, Request

__all__ = ["Cert", "check_ca", "resolve_verify", "warn_if_unverified"]

Cert = Union[str, Tuple[str, str], None]
# The CA bundle variables, in the order requests reads them, then the OpenSSL one (httpx reads it).
_CA_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")


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
