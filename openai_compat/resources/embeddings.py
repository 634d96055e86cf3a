"""``/embeddings``: turn text or tokens into vectors.

openai-python always asks for base64 and decodes it, which halves the bytes on the wire but breaks
servers that ignore or reject ``encoding_format`` (some return floats anyway, some answer 400).
Here base64 is asked for only from hosts known to support it; whatever comes back is decoded by its
actual type, so a float list stays a float list and a base64 string becomes one.
"""

from __future__ import annotations

import array
import base64
import binascii
import sys
from typing import Any, Iterable, List, Mapping, Optional, Union

import msgspec
from msgspec import UNSET

from .._core.timeouts import TimeoutTypes
from .._core.urls import origin
from .._errors import APIResponseValidationError
from ..types._base import list_of
from ..types.embeddings import CreateEmbeddingResponse, Embedding
from . import _params
from ._params import SessionLike

__all__ = ["base64_supported", "create", "decode_base64_embedding"]

# Hosts whose embeddings endpoint is known to honour encoding_format="base64".
_BASE64_HOSTS = ("api.openai.com", ".openai.azure.com", ".openai.com")

EmbeddingInput = Union[str, List[str], List[int], List[List[int]], Iterable[Any]]


def create(
    session: SessionLike,
    /,
    *,
    input: EmbeddingInput,
    model: str,
    dimensions: Union[int, msgspec.UnsetType] = UNSET,
    encoding_format: Union[str, msgspec.UnsetType] = UNSET,
    user: Union[str, msgspec.UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, msgspec.UnsetType] = UNSET,
) -> CreateEmbeddingResponse:
    """Create embeddings (https://platform.openai.com/docs/api-reference/embeddings/create).

    With ``encoding_format`` left out, vectors always come back as lists of floats. An explicit
    ``"base64"`` or ``"float"`` is sent as given and the answer is left untouched.
    """
    body = _params.body(locals(), ("model", "input", "dimensions", "user", "encoding_format"))
    decode_vectors = encoding_format is UNSET
    if decode_vectors and base64_supported(session._session.base_url):
        body["encoding_format"] = "base64"
    response = session._session.request(
        "POST", "embeddings", cast_to=CreateEmbeddingResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    if decode_vectors:
        for item in list_of(response.data, Embedding):
            if isinstance(item.embedding, str):
                item.embedding = decode_base64_embedding(item.embedding)
    return response


def base64_supported(base_url: str) -> bool:
    """Whether the server at ``base_url`` is known to return base64 embeddings when asked."""
    _, host, _ = origin(base_url)
    return host == _BASE64_HOSTS[0] or host.endswith(_BASE64_HOSTS[1:])


def decode_base64_embedding(text: str) -> List[float]:
    """Decode a base64 string of little-endian float32 values into a list of floats."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise APIResponseValidationError(f"An embedding is not valid base64: {exc}", raw_body=text.encode()) from exc
    if len(raw) % 4:
        raise APIResponseValidationError(
            f"A base64 embedding decodes to {len(raw)} bytes, not a whole number of float32 values",
            raw_body=text.encode(),
        )
    values = array.array("f")
    values.frombytes(raw)
    if sys.byteorder == "big":  # the wire format is little-endian
        values.byteswap()
    return values.tolist()
