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
from ._facade._namespace import _Namespace as Namespace
from ._http import body_reader
from ._http.chunked import ChunkedDecoder, ChunkedError
from ._http.network_errors import map_errors
from ._http.pools import DEFAULT_POOL_MAXSIZE
from ._http.urllib3_transport import _Settings as Urllib3Settings
from ._http.urllib3_transport import bypass_proxy
from ._module_client import SETTINGS as MODULE_CLIENT_SETTINGS
from ._module_client import load_client as load_module_client
from ._module_client import reset_client as reset_module_client
from ._streaming.assistants import AssistantEventStream
from ._streaming.sse import RawEvent
from ._uploads.files import to_file_upload
from ._uploads.multipart import MultipartBody, encode_fields, multipart_body
from ._uploads.progress import ProgressBody, report_progress
from .bulk.__main__ import main as bulk_main
from .bulk._batch import run_batch as bulk_run_batch
from .bulk._limits import RateLimiter as BulkRateLimiter
from .bulk._limits import parse_duration as bulk_parse_duration
from .bulk._limits import retry_after as bulk_retry_after
from .bulk._live import Clock as BulkClock
from .bulk._live import run_live as bulk_run_live
from .bulk._output import ResultLog as BulkResultLog
from .bulk._tokens import approximate_tokens as bulk_approximate_tokens
from .providers._sigv4 import AwsCredentials, sign_request
from .realtime.handshake import proxy_options
from .resources import _params as resource_params
from .types._base import APIObject, to_builtins
from .types._codec import decode, decoders_for, encode_json
from .types._structured import parse_into, response_format_for, strict_json_schema, struct_json_schema

__all__ = [
    "APIObject",
    "AssistantEventStream",
    "AwsCredentials",
    "BulkClock",
    "BulkRateLimiter",
    "BulkResultLog",
    "ChunkedDecoder",
    "ChunkedError",
    "DEFAULT_POOL_MAXSIZE",
    "MAX_ERROR_BODY",
    "MODULE_CLIENT_SETTINGS",
    "MultipartBody",
    "Namespace",
    "ProgressBody",
    "RawEvent",
    "TimeoutTypes",
    "Urllib3Settings",
    "body_reader",
    "bulk_approximate_tokens",
    "bulk_main",
    "bulk_parse_duration",
    "bulk_retry_after",
    "bulk_run_batch",
    "bulk_run_live",
    "bypass_proxy",
    "check_header",
    "decode",
    "decoders_for",
    "encode_fields",
    "encode_json",
    "load_module_client",
    "make_status_error",
    "map_errors",
    "multipart_body",
    "parse_into",
    "parse_retry_after",
    "path_segment",
    "proxy_options",
    "report_progress",
    "reset_module_client",
    "resource_params",
    "response_format_for",
    "sign_request",
    "strict_json_schema",
    "struct_json_schema",
    "to_builtins",
    "to_file_upload",
]
