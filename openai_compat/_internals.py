"""Internal names the test suite, the fuzz targets and the benchmarks need, gathered in one module.

Everything else they use is public (``openai_compat``, ``openai_compat.testing``, ``.azure``,
``.realtime``, the ``types`` and ``resources`` modules). Importing internals from here, and only
here, means a module can move with one edit to this file. Nothing here is public API: no
compatibility is promised. Importing this module loads every layer, so the library never does.
"""

from __future__ import annotations

from ._core.headers import check_header
from ._core.results import make_status_error
from ._core.retries import parse_retry_after
from ._core.timeouts import TimeoutTypes
from ._core.urls import path_segment
from ._errors import MAX_ERROR_BODY
from ._http import body_reader
from ._http.chunked import ChunkedDecoder, ChunkedError
from ._http.network_errors import map_errors
from ._http.pools import DEFAULT_POOL_MAXSIZE
from ._http.urllib3_transport import _Settings as Urllib3Settings
from ._http.urllib3_transport import bypass_proxy
from ._streaming.assistants import AssistantEventStream
from ._streaming.sse import RawEvent
from ._uploads.files import to_file_upload
from ._uploads.multipart import MultipartBody, encode_fields, multipart_body
from ._uploads.progress import ProgressBody, report_progress
from .realtime.handshake import proxy_options
from .resources import _params as resource_params
from .types._base import APIObject, to_builtins
from .types._codec import decode, encode_json
from .types._structured import parse_into, response_format_for, strict_json_schema, struct_json_schema

__all__ = [
    "DEFAULT_POOL_MAXSIZE",
    "MAX_ERROR_BODY",
    "APIObject",
    "AssistantEventStream",
    "ChunkedDecoder",
    "ChunkedError",
    "MultipartBody",
    "ProgressBody",
    "RawEvent",
    "TimeoutTypes",
    "Urllib3Settings",
    "body_reader",
    "bypass_proxy",
    "check_header",
    "decode",
    "encode_fields",
    "encode_json",
    "make_status_error",
    "map_errors",
    "multipart_body",
    "parse_into",
    "parse_retry_after",
    "path_segment",
    "proxy_options",
    "report_progress",
    "resource_params",
    "response_format_for",
    "strict_json_schema",
    "struct_json_schema",
    "to_builtins",
    "to_file_upload",
]
