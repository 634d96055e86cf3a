"""The ``client.responses`` namespaces, kept apart from ``_client.py`` so that ``import openai_compat``
does not import the Responses API: this module (and with it ``resources.responses`` and its types)
is imported when ``client.responses`` is first used.
"""

from __future__ import annotations

from functools import cached_property

from ..resources import responses, responses_parse
from .client import _Namespace

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

    @cached_property
    def input_items(self) -> ResponseInputItems:
        return ResponseInputItems(self._session)

    @cached_property
    def input_tokens(self) -> ResponseInputTokens:
        return ResponseInputTokens(self._session)
