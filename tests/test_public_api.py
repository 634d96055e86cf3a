"""The public surface: ``__all__`` sorted and complete, and the facade bound to every resource function."""

from __future__ import annotations

import inspect
import types
from typing import Any, Callable, Dict

import pytest

import openai_compat
from openai_compat import Client
from openai_compat._internals import MODULE_CLIENT_SETTINGS
from openai_compat.resources import (
    assistants,
    audio_speech,
    audio_transcriptions,
    audio_translations,
    batches,
    beta_agents_environment_uploads,
    beta_agents_result_artifacts,
    beta_agents_session_streams,
    chat,
    chat_parse,
    chat_stored,
    completions,
    conversations,
    embeddings,
    files,
    fine_tuning,
    images,
    live_connect,
    messages,
    models,
    moderations,
    realtime,
    realtime_calls_create,
    responses,
    responses_connect,
    responses_input,
    responses_parse,
    responses_poll,
    run_steps,
    runs,
    runs_poll,
    threads,
    uploads,
    uploads_chunked,
    vector_store_file_batches,
    vector_store_files,
    vector_stores,
    videos_poll,
    webhooks,
)
from openai_compat.testing import MockTransport

# Where each resource function lives on the facade. A new resource function must be added here.
FACADE: Dict[str, Callable[..., Any]] = {
    "audio.speech.create": audio_speech.create,
    "audio.transcriptions.create": audio_transcriptions.create,
    "audio.translations.create": audio_translations.create,
    "chat.completions.create": chat.create,
    "chat.completions.parse": chat_parse.parse,
    "chat.completions.list": chat_stored.list,
    "chat.completions.retrieve": chat_stored.retrieve,
    "chat.completions.update": chat_stored.update,
    "chat.completions.delete": chat_stored.delete,
    "chat.completions.messages.list": chat_stored.list_messages,
    "models.list": models.list,
    "models.retrieve": models.retrieve,
    "models.delete": models.delete,
    "embeddings.create": embeddings.create,
    "fine_tuning.jobs.create": fine_tuning.create,
    "fine_tuning.jobs.retrieve": fine_tuning.retrieve,
    "fine_tuning.jobs.list": fine_tuning.list,
    "fine_tuning.jobs.cancel": fine_tuning.cancel,
    "fine_tuning.jobs.pause": fine_tuning.pause,
    "fine_tuning.jobs.resume": fine_tuning.resume,
    "fine_tuning.jobs.list_events": fine_tuning.list_events,
    "fine_tuning.jobs.wait": fine_tuning.wait,
    "fine_tuning.jobs.checkpoints.list": fine_tuning.list_checkpoints,
    "fine_tuning.checkpoints.permissions.create": fine_tuning.create_permission,
    "fine_tuning.checkpoints.permissions.list": fine_tuning.list_permissions,
    "fine_tuning.checkpoints.permissions.delete": fine_tuning.delete_permission,
    "conversations.create": conversations.create,
    "conversations.retrieve": conversations.retrieve,
    "conversations.update": conversations.update,
    "conversations.delete": conversations.delete,
    "conversations.items.create": conversations.create_items,
    "conversations.items.list": conversations.list_items,
    "conversations.items.retrieve": conversations.retrieve_item,
    "conversations.items.delete": conversations.delete_item,
    "responses.create": responses.create,
    "responses.parse": responses_parse.parse,
    "responses.retrieve": responses.retrieve,
    "responses.delete": responses.delete,
    "responses.cancel": responses.cancel,
    "responses.compact": responses.compact,
    "responses.poll": responses.poll,
    "responses.input_items.list": responses.list_input_items,
    "responses.input_tokens.count": responses.count_input_tokens,
    "webhooks.verify_signature": webhooks.verify_signature,
    "webhooks.unwrap": webhooks.unwrap,
    "realtime.connect": realtime.connect,
    "realtime.calls.create": realtime_calls_create.create,
    "videos.poll": videos_poll.poll,
    "videos.create_and_poll": videos_poll.create_and_poll,
    "beta.agents.sessions.create": beta_agents_session_streams.create,
    "beta.agents.sessions.stream": beta_agents_session_streams.stream,
    "beta.agents.environments.files.upload": beta_agents_environment_uploads.upload,
    "beta.agents.environments.files.prepare": beta_agents_environment_uploads.prepare,
    "beta.agents.environments.files.prepare_directory": beta_agents_environment_uploads.prepare_directory,
    "beta.agents.sessions.artifacts.for_result": beta_agents_result_artifacts.for_result,
    "realtime.translations.connect": realtime.connect_translations,
    "beta.realtime.connect": realtime.connect_beta,
    "responses.connect": responses_connect.connect,
    "beta.responses.connect": responses_connect.connect_beta,
    "live.connect": live_connect.connect,
    "live.forks.connect": live_connect.connect_fork,
    "live.sideband.connect": live_connect.connect_sideband,
    "images.generate": images.generate,
    "images.edit": images.edit,
    "images.create_variation": images.create_variation,
    "batches.create": batches.create,
    "batches.retrieve": batches.retrieve,
    "batches.cancel": batches.cancel,
    "batches.list": batches.list,
    "batches.wait": batches.wait,
    "moderations.create": moderations.create,
    "completions.create": completions.create,
    "files.create": files.create,
    "files.list": files.list,
    "files.retrieve": files.retrieve,
    "files.delete": files.delete,
    "files.content": files.content,
    "files.retrieve_content": files.retrieve_content,
    "files.wait_for_processing": files.wait_for_processing,
    "uploads.create": uploads.create,
    "uploads.parts.create": uploads.create_part,
    "uploads.complete": uploads.complete,
    "uploads.cancel": uploads.cancel,
    "uploads.upload_file_chunked": uploads_chunked.upload_file_chunked,
    "beta.assistants.create": assistants.create,
    "beta.assistants.retrieve": assistants.retrieve,
    "beta.assistants.update": assistants.update,
    "beta.assistants.list": assistants.list,
    "beta.assistants.delete": assistants.delete,
    "beta.threads.create": threads.create,
    "beta.threads.retrieve": threads.retrieve,
    "beta.threads.update": threads.update,
    "beta.threads.delete": threads.delete,
    "beta.threads.create_and_run": threads.create_and_run,
    "beta.threads.create_and_run_poll": threads.create_and_run_poll,
    "beta.threads.messages.create": messages.create,
    "beta.threads.messages.retrieve": messages.retrieve,
    "beta.threads.messages.update": messages.update,
    "beta.threads.messages.list": messages.list,
    "beta.threads.messages.delete": messages.delete,
    "beta.threads.runs.create": runs.create,
    "beta.threads.runs.retrieve": runs.retrieve,
    "beta.threads.runs.update": runs.update,
    "beta.threads.runs.list": runs.list,
    "beta.threads.runs.cancel": runs.cancel,
    "beta.threads.runs.submit_tool_outputs": runs.submit_tool_outputs,
    "beta.threads.runs.poll": runs_poll.poll,
    "beta.threads.runs.create_and_poll": runs_poll.create_and_poll,
    "beta.threads.runs.submit_tool_outputs_and_poll": runs_poll.submit_tool_outputs_and_poll,
    "beta.threads.runs.steps.list": run_steps.list,
    "beta.threads.runs.steps.retrieve": run_steps.retrieve,
    "vector_stores.create": vector_stores.create,
    "vector_stores.retrieve": vector_stores.retrieve,
    "vector_stores.update": vector_stores.update,
    "vector_stores.delete": vector_stores.delete,
    "vector_stores.list": vector_stores.list,
    "vector_stores.search": vector_stores.search,
    "vector_stores.files.create": vector_store_files.create,
    "vector_stores.files.retrieve": vector_store_files.retrieve,
    "vector_stores.files.update": vector_store_files.update,
    "vector_stores.files.delete": vector_store_files.delete,
    "vector_stores.files.list": vector_store_files.list,
    "vector_stores.files.content": vector_store_files.content,
    "vector_stores.files.poll": vector_store_files.poll,
    "vector_stores.files.create_and_poll": vector_store_files.create_and_poll,
    "vector_stores.files.upload": vector_store_files.upload,
    "vector_stores.files.upload_and_poll": vector_store_files.upload_and_poll,
    "vector_stores.file_batches.create": vector_store_file_batches.create,
    "vector_stores.file_batches.retrieve": vector_store_file_batches.retrieve,
    "vector_stores.file_batches.cancel": vector_store_file_batches.cancel,
    "vector_stores.file_batches.list_files": vector_store_file_batches.list_files,
    "vector_stores.file_batches.poll": vector_store_file_batches.poll,
    "vector_stores.file_batches.create_and_poll": vector_store_file_batches.create_and_poll,
    "vector_stores.file_batches.upload_and_poll": vector_store_file_batches.upload_and_poll,
}


def test_all_is_sorted_and_complete() -> None:
    exported = openai_compat.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert getattr(openai_compat, name) is not None, name
    # The module client's settings (openai_compat.api_key, ...) are attributes to set, not exports,
    # as in openai-python.
    not_exports = {"TYPE_CHECKING", "Any", "annotations", *MODULE_CLIENT_SETTINGS}
    public = {
        name
        for name, value in vars(openai_compat).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name not in not_exports
    }
    assert public <= set(exported), public - set(exported)


def test_transports_are_importable_from_the_package() -> None:
    from openai_compat import RequestsTransport, Urllib3Transport

    assert RequestsTransport.__name__ == "RequestsTransport" and Urllib3Transport.__name__ == "Urllib3Transport"
    with pytest.raises(AttributeError):
        _ = openai_compat.NoSuchThing  # type: ignore[attr-defined]


# Every module of resource functions (one per line, so additions do not collide).
RESOURCE_MODULES = (
    audio_speech,
    audio_transcriptions,
    audio_translations,
    batches,
    chat,
    chat_parse,
    chat_stored,
    completions,
    embeddings,
    files,
    fine_tuning,
    images,
    models,
    moderations,
    conversations,
    responses,
    responses_input,
    responses_poll,
    responses_parse,
    uploads,
    uploads_chunked,
    webhooks,
    realtime,
    responses_connect,
    live_connect,
    assistants,
    threads,
    messages,
    runs,
    runs_poll,
    run_steps,
    vector_stores,
    vector_store_files,
    vector_store_file_batches,
    realtime_calls_create,  # on the generated client.realtime.calls
    videos_poll,  # on the generated client.videos
    beta_agents_session_streams,  # on the generated client.beta.agents
    beta_agents_environment_uploads,
    beta_agents_result_artifacts,
)


def _endpoint_functions() -> set[Callable[..., Any]]:
    found = set()
    for module in RESOURCE_MODULES:
        for name in module.__all__:
            function = getattr(module, name)
            if not callable(function) or isinstance(function, type):  # a constant, or a class it returns
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] in ("session", "api_session"):
                found.add(function)
    return found


def test_every_resource_function_is_on_the_facade() -> None:
    assert _endpoint_functions() == set(FACADE.values())


@pytest.mark.parametrize("path", sorted(FACADE))
def test_facade_method_signature_matches_its_resource_function(path: str) -> None:
    client = Client(api_key="sk-test", transport=MockTransport())
    target: Any = client
    for part in path.split("."):
        target = getattr(target, part)
    function = FACADE[path]
    expected = inspect.signature(function)
    expected = expected.replace(parameters=list(expected.parameters.values())[1:])
    assert inspect.signature(target) == expected
    assert target.__doc__ == function.__doc__
