"""``client.realtime.calls.create``: start a Realtime call over WebRTC with the caller's SDP offer.

Written by hand beside the generated ``realtime_calls`` module (accept, hangup, refer, reject): the
request has a shape of its own. The spec (``POST /realtime/calls``) takes either the bare offer as
``application/sdp`` (the session then comes from an ephemeral key's session) or a form whose
``sdp`` part is ``application/sdp`` and whose ``session`` part is JSON; as openai-python, the bare
offer is sent when nothing but ``sdp`` is given. The answer is the SDP answer, in a
``BinaryResponse`` (``.text``), with the call's URL in its ``Location`` header.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Union

from msgspec import UNSET, UnsetType

from .._uploads.multipart import encode_fields
from ..types._codec import encode_json
from ..types.realtime_client_secrets import RealtimeSessionCreateRequestGAParam
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

if TYPE_CHECKING:
    from .._uploads.binary import BinaryResponse

__all__ = ["create"]


def create(
    api_session: SessionLike,
    /,
    *,
    sdp: str,
    session: Union[RealtimeSessionCreateRequestGAParam, Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> BinaryResponse:
    """Create a Realtime call from the caller's WebRTC SDP offer; the answer's ``.text`` is OpenAI's
    SDP answer, to complete the peer connection with."""
    if not isinstance(sdp, str):
        raise TypeError(f"sdp must be the SDP offer as a str, not {type(sdp).__name__}")
    fields: Dict[str, Any] = {"sdp": sdp, "session": session, **(extra_body or {})}
    fields = {name: value for name, value in fields.items() if value is not UNSET}
    if set(fields) == {"sdp"}:
        content, content_type = sdp.encode("utf-8"), "application/sdp"
    else:
        boundary = secrets.token_hex(16)
        content, content_type = _form(fields, boundary), f"multipart/form-data; boundary={boundary}"
    return api_session._session.download(
        "POST", "realtime/calls", content=content,
        extra_headers={"Accept": "application/sdp", "Content-Type": content_type, **(extra_headers or {})},
        extra_query=extra_query, timeout=timeout,
    )


def _form(fields: Dict[str, Any], boundary: str) -> bytes:
    """The two typed parts the spec's ``encoding`` asks for (``sdp`` as SDP, ``session`` as JSON),
    then any other field as a plain form field."""
    dash = f"--{boundary}\r\n".encode("ascii")
    parts: List[bytes] = []
    typed = {"sdp": "application/sdp", "session": "application/json"}
    for name, content_type in typed.items():
        if name not in fields:
            continue
        value = fields[name]
        data = value.encode("utf-8") if name == "sdp" else encode_json(value)
        part_head = f'Content-Disposition: form-data; name="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
        parts.append(dash + part_head.encode("ascii") + data + b"\r\n")
    rest = {name: value for name, value in fields.items() if name not in typed}
    for name, value in encode_fields(rest):
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")  # as browsers escape names
        head = f'Content-Disposition: form-data; name="{quoted}"\r\n\r\n'.encode()
        parts.append(dash + head + value.encode("utf-8") + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode("ascii")
