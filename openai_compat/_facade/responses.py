"""The ``client.responses`` namespaces, imported when ``client.responses`` is first used, so
``import openai_compat`` loads neither the Responses resources nor their types."""

from __future__ import annotations

from functools import cached_property

from ..resources import responses, responses_connect, responses_parse
from ._namespace import _Namespace

__all__ = ["ResponseInputItems", "ResponseInputTokens", "Responses"]


class ResponseInputItems(_Namespace):
    """``client.responses.input_items``: the input items of a response."""

    list = responses.list_input_items


class ResponseInputTokens(_Namespace):
    """``client.responses.input_tokens``: count the input tokens of a request."""

    count = responses.count_input_tokens


class Responses(_Namespace):
    """``client.responses``: create, get, cancel, delete and compact model responses."""

    create = responses.create
    parse = responses_parse.parse
    retrieve = responses.retrieve
    delete = responses.delete
    cancel = responses.cancel
    compact = responses.compact
    poll = responses.poll
    connect = responses_connect.connect

    @cached_property
    def input_items(self) -> ResponseInputItems:
        return ResponseInputItems(self._session)

    @cached_property
    def input_tokens(self) -> ResponseInputTokens:
        return ResponseInputTokens(self._session)
