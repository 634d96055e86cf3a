"""The client-event helpers of a Responses WebSocket connection, as in openai-python:
``connection.response.create(model=..., input=...)`` sends a ``response.create`` event (the body of
``POST /responses`` plus the WebSocket-only ``stream_id``; ``stream`` is implied and ``background``
is not supported over the socket), ``connection.response.steer(...)`` a ``response.steer``. The beta
connection adds ``multi_agent`` and ``response.inject``. Unset parameters are not sent.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Union

import msgspec

from .namespaces import EventSender, event

__all__ = ["BetaResponsesResponseResource", "ResponsesResponseResource"]

UNSET: Any = msgspec.UNSET


class ResponsesResponseResource:
    """``connection.response`` of ``client.responses.connect()``."""

    def __init__(self, connection: EventSender) -> None:
        self._connection = connection

    def create(
        self,
        *,
        access_programs: Any = UNSET,
        background: Optional[bool] = UNSET,
        background_options: Any = UNSET,
        context_management: Optional[Iterable[Any]] = UNSET,
        conversation: Any = UNSET,
        generate: bool = UNSET,
        image: Any = UNSET,
        include: Optional[List[str]] = UNSET,
        input: Union[str, Iterable[Any]] = UNSET,
        instructions: Optional[str] = UNSET,
        max_output_tokens: Optional[int] = UNSET,
        max_tool_calls: Optional[int] = UNSET,
        metadata: Optional[Dict[str, str]] = UNSET,
        model: str = UNSET,
        moderation: Any = UNSET,
        parallel_tool_calls: Optional[bool] = UNSET,
        previous_response_id: Optional[str] = UNSET,
        prompt: Any = UNSET,
        prompt_cache_key: Optional[str] = UNSET,
        prompt_cache_options: Any = UNSET,
        prompt_cache_retention: Optional[str] = UNSET,
        reasoning: Any = UNSET,
        safety_identifier: Optional[str] = UNSET,
        service_tier: Optional[str] = UNSET,
        store: Optional[bool] = UNSET,
        stream: Optional[bool] = UNSET,
        stream_id: str = UNSET,
        stream_options: Any = UNSET,
        temperature: Optional[float] = UNSET,
        text: Any = UNSET,
        tool_choice: Any = UNSET,
        tools: Iterable[Any] = UNSET,
        top_logprobs: Optional[int] = UNSET,
        top_p: Optional[float] = UNSET,
        truncation: Optional[str] = UNSET,
        user: str = UNSET,
    ) -> None:
        """Send ``response.create``: the parameters of ``client.responses.create``, streamed back as
        events over the socket. ``stream_id`` tags the events of this response (several may run on
        one socket); ``previous_response_id`` continues a conversation."""
        fields = dict(locals())
        del fields["self"]
        self._send_create(fields)

    def _send_create(self, fields: Dict[str, Any]) -> None:
        for name in ("input", "tools", "context_management"):  # iterables (a generator, say) go as lists
            value = fields.get(name)
            if value is not UNSET and value is not None and not isinstance(value, (str, list, dict)):
                fields[name] = list(value)
        self._connection.send(event("response.create", **fields))

    def steer(self, *, input: Any, previous_response_id: str) -> None:
        """Send ``response.steer``: queue user input (text, images, files) for the response that
        continues ``previous_response_id``. ``response.steer.accepted`` acknowledges it;
        ``response.steer.failed`` returns what could not be committed."""
        self._connection.send(event("response.steer", input=_listed(input), previous_response_id=previous_response_id))


_code = ResponsesResponseResource.create.__code__
_CREATE_PARAMETERS = _code.co_varnames[_code.co_argcount : _code.co_argcount + _code.co_kwonlyargcount]


class BetaResponsesResponseResource(ResponsesResponseResource):
    """``connection.response`` of ``client.beta.responses.connect()``."""

    def create(self, *, multi_agent: Any = UNSET, **params: Any) -> None:
        """``response.create`` with the beta's ``multi_agent`` configuration; the other parameters
        are those of ``client.responses.connect()``'s ``response.create``."""
        unknown = sorted(set(params) - set(_CREATE_PARAMETERS))
        if unknown:
            raise TypeError(f"create() got an unexpected keyword argument {unknown[0]!r}")
        self._send_create({**params, "multi_agent": multi_agent})

    def inject(self, *, input: Iterable[Any], response_id: str) -> None:
        """Send ``response.inject``: input items (client-owned tool outputs) for an active response,
        committed atomically (``response.inject.created``) or refused (``response.inject.failed``)."""
        self._connection.send(event("response.inject", input=_listed(input), response_id=response_id))


def _listed(value: Any) -> Any:
    return value if isinstance(value, (str, list, dict)) else list(value)
