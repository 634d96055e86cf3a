"""The ``client.beta`` namespaces (Assistants API v2), imported when ``client.beta`` is first used,
so ``import openai_compat`` loads neither the assistants resources nor their types."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..resources import assistants, messages, run_steps, runs, runs_poll, runs_stream, threads
from ._generated import BetaNamespaces
from ._namespace import _Namespace
from .chat import Chat

if TYPE_CHECKING:
    from .realtime import BetaRealtime, BetaResponses

__all__ = ["Assistants", "Beta", "Messages", "Runs", "Steps", "Threads"]


class Assistants(_Namespace):
    """``client.beta.assistants``: create, get, update, list and delete assistants."""

    create = assistants.create
    retrieve = assistants.retrieve
    update = assistants.update
    list = assistants.list
    delete = assistants.delete


class Messages(_Namespace):
    """``client.beta.threads.messages``: the messages of a thread."""

    create = messages.create
    retrieve = messages.retrieve
    update = messages.update
    list = messages.list
    delete = messages.delete


class Steps(_Namespace):
    """``client.beta.threads.runs.steps``: the steps of a run."""

    list = run_steps.list
    retrieve = run_steps.retrieve


class Runs(_Namespace):
    """``client.beta.threads.runs``: start, follow, stream and answer runs."""

    create = runs.create
    retrieve = runs.retrieve
    update = runs.update
    list = runs.list
    cancel = runs.cancel
    submit_tool_outputs = runs.submit_tool_outputs
    poll = runs_poll.poll
    create_and_poll = runs_poll.create_and_poll
    submit_tool_outputs_and_poll = runs_poll.submit_tool_outputs_and_poll
    stream = runs_stream.stream
    create_and_stream = runs_stream.create_and_stream
    submit_tool_outputs_stream = runs_stream.submit_tool_outputs_stream

    @cached_property
    def steps(self) -> Steps:
        return Steps(self._session)


class Threads(_Namespace):
    """``client.beta.threads``: create, get, update and delete threads, and run them."""

    create = threads.create
    retrieve = threads.retrieve
    update = threads.update
    delete = threads.delete
    create_and_run = threads.create_and_run
    create_and_run_poll = threads.create_and_run_poll
    create_and_run_stream = runs_stream.create_and_run_stream

    @cached_property
    def messages(self) -> Messages:
        return Messages(self._session)

    @cached_property
    def runs(self) -> Runs:
        return Runs(self._session)


class Beta(BetaNamespaces, _Namespace):
    """``client.beta``: the Assistants API (v2), whose calls send ``OpenAI-Beta: assistants=v2``;
    ``chat``, kept as in openai-python (the same ``client.chat``); ``realtime`` and ``responses``;
    and the generated ``agents`` and ``chatkit`` (``BetaNamespaces``)."""

    @cached_property
    def assistants(self) -> Assistants:
        return Assistants(self._session)

    @cached_property
    def chat(self) -> Chat:
        return Chat(self._session)

    @cached_property
    def threads(self) -> Threads:
        return Threads(self._session)

    @cached_property
    def realtime(self) -> BetaRealtime:
        from .realtime import BetaRealtime

        return BetaRealtime(self._session)

    @cached_property
    def responses(self) -> BetaResponses:
        from .realtime import BetaResponses

        return BetaResponses(self._session)
