"""The decoding property, for every response type: a JSON object decodes, whatever a server did to
it, and every value it sent is reachable through ``to_dict()`` exactly as sent (``_reachable.py``
says precisely what that means for nulls).

Seeds: the response examples of the OpenAPI spec (``data/spec_seeds.json``), the provider bodies of
``_provider_bodies.py`` (the cases that once lost whole answers), and a valid body made from each
type itself (for an open union, one per member: every Responses, Realtime, Assistants, audio and
image stream event). Hypothesis then mutates a seed one to four times: a value replaced by one of
another JSON kind, a value nulled, a member dropped, an unknown member added to any object at any
depth. Member names starting with ``_`` are not generated: the few this library uses for metadata
(``_base.METADATA_KEYS``) are reserved. Deterministic and bounded, so it runs in the normal suite.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple, TypeVar, Union, get_args, get_origin

import msgspec
import pytest
from _provider_bodies import PROVIDER_BODIES
from _reachable import unreachable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openai_compat import SyncCursorPage, SyncPage
from openai_compat._internals import decode
from openai_compat.types import (
    assistant_deltas,
    assistant_events,
    assistants,
    audio,
    audio_events,
    batches,
    chat,
    completions,
    conversations,
    embeddings,
    files,
    fine_tuning,
    images,
    models,
    moderations,
    realtime_server_events,
    responses,
    responses_events,
    responses_items,
    runs,
    threads,
    uploads,
    vector_store_files,
    vector_stores,
    webhooks,
)

# Every type a response body or event decodes into, by the names spec_seeds.json uses.
TARGETS: Dict[str, Any] = {
    "ChatCompletion": chat.ChatCompletion, "ChatCompletionChunk": chat.ChatCompletionChunk,
    "ChatCompletionDeleted": chat.ChatCompletionDeleted, "page:ChatCompletion": SyncCursorPage[chat.ChatCompletion],
    "page:ChatCompletionStoreMessage": SyncCursorPage[chat.ChatCompletionStoreMessage],
    "Completion": completions.Completion,
    "Response": responses.Response, "CompactedResponse": responses.CompactedResponse,
    "InputTokenCount": responses.InputTokenCount, "OutputItem": responses_items.OutputItem,
    "page:OutputItem": SyncCursorPage[responses_items.OutputItem],
    "ResponseStreamEvent": responses_events.ResponseStreamEvent,
    "Conversation": conversations.Conversation, "ConversationDeleted": conversations.ConversationDeleted,
    "ConversationItemList": conversations.ConversationItemList,
    "CreateEmbeddingResponse": embeddings.CreateEmbeddingResponse, "Embedding": embeddings.Embedding,
    "Model": models.Model, "ModelDeleted": models.ModelDeleted, "page:Model": SyncPage[models.Model],
    "FileObject": files.FileObject, "FileDeleted": files.FileDeleted,
    "page:FileObject": SyncCursorPage[files.FileObject],
    "Batch": batches.Batch, "page:Batch": SyncCursorPage[batches.Batch],
    "Assistant": assistants.Assistant, "AssistantDeleted": assistants.AssistantDeleted,
    "page:Assistant": SyncCursorPage[assistants.Assistant],
    "Thread": threads.Thread, "ThreadDeleted": threads.ThreadDeleted, "Message": threads.Message,
    "MessageDeleted": threads.MessageDeleted, "page:Message": SyncCursorPage[threads.Message],
    "Run": runs.Run, "page:Run": SyncCursorPage[runs.Run], "RunStep": runs.RunStep,
    "page:RunStep": SyncCursorPage[runs.RunStep], "MessageDeltaEvent": assistant_deltas.MessageDeltaEvent,
    "RunStepDeltaEvent": assistant_deltas.RunStepDeltaEvent,
    "AssistantStreamEvent": assistant_events.AssistantStreamEvent,
    "VectorStore": vector_stores.VectorStore, "VectorStoreDeleted": vector_stores.VectorStoreDeleted,
    "page:VectorStore": SyncCursorPage[vector_stores.VectorStore],
    "VectorStoreSearchPage": vector_stores.VectorStoreSearchPage,
    "VectorStoreFile": vector_store_files.VectorStoreFile,
    "VectorStoreFileDeleted": vector_store_files.VectorStoreFileDeleted,
    "page:VectorStoreFile": SyncCursorPage[vector_store_files.VectorStoreFile],
    "VectorStoreFileBatch": vector_store_files.VectorStoreFileBatch,
    "VectorStoreFileContentPage": vector_store_files.VectorStoreFileContentPage,
    "FineTuningJob": fine_tuning.FineTuningJob, "page:FineTuningJob": SyncCursorPage[fine_tuning.FineTuningJob],
    "FineTuningJobEvent": fine_tuning.FineTuningJobEvent,
    "page:FineTuningJobEvent": SyncCursorPage[fine_tuning.FineTuningJobEvent],
    "FineTuningJobCheckpoint": fine_tuning.FineTuningJobCheckpoint,
    "page:FineTuningJobCheckpoint": SyncCursorPage[fine_tuning.FineTuningJobCheckpoint],
    "FineTuningCheckpointPermission": fine_tuning.FineTuningCheckpointPermission,
    "page:FineTuningCheckpointPermission": SyncPage[fine_tuning.FineTuningCheckpointPermission],
    "FineTuningCheckpointPermissionDeleted": fine_tuning.FineTuningCheckpointPermissionDeleted,
    "RealtimeServerEvent": realtime_server_events.RealtimeServerEvent,
    "ImagesResponse": images.ImagesResponse, "ImageGenStreamEvent": images.ImageGenStreamEvent,
    "ImageEditStreamEvent": images.ImageEditStreamEvent,
    "Transcription": audio.Transcription, "TranscriptionVerbose": audio.TranscriptionVerbose,
    "TranscriptionDiarized": audio.TranscriptionDiarized, "Translation": audio.Translation,
    "TranslationVerbose": audio.TranslationVerbose,
    "TranscriptionStreamEvent": audio_events.TranscriptionStreamEvent,
    "SpeechStreamEvent": audio_events.SpeechStreamEvent,
    "ModerationCreateResponse": moderations.ModerationCreateResponse,
    "Upload": uploads.Upload, "UploadPart": uploads.UploadPart, "WebhookEvent": webhooks.WebhookEvent,
}
FUZZ = settings(max_examples=12, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- seeds ---------------------------------------------------------------------------------------


def is_union(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__decode_open_union__")


def sample(tp: Any, depth: int = 0) -> Any:
    """A valid JSON value for ``tp``: every field filled, one item per list, tags as declared."""
    origin, args = get_origin(tp), get_args(tp)
    struct = tp if isinstance(tp, type) and issubclass(tp, msgspec.Struct) else origin
    if isinstance(struct, type) and issubclass(struct, msgspec.Struct):
        if depth > 4:
            return {}
        tags = ("type", "event", "object")
        return {info.encode_name: info.default if info.name in tags and isinstance(info.default, str)
                else sample(info.type, depth + 1) for info in msgspec.structs.fields(tp)}
    if is_union(tp):
        return sample(next(iter(tp.members.values())), depth)
    if origin is Union:
        return sample(next(arg for arg in args if arg is not type(None)), depth)
    if origin is list:
        return [sample(args[0], depth + 1)] if depth <= 4 else []
    if origin is dict:
        return {"key": sample(args[1], depth + 1)}
    simple = {str: "text", int: 3, float: 0.5, bool: True, type(None): None}
    return simple.get(tp, {"any": [1, "two", None]}) if not isinstance(tp, TypeVar) else "text"


def seeds() -> Dict[str, List[Any]]:
    found: Dict[str, List[Any]] = {name: [] for name in TARGETS}
    for seed in json.loads((Path(__file__).parent / "data" / "spec_seeds.json").read_text()):
        found[seed["target"]].append(seed["body"])
    by_type = {id(tp): name for name, tp in TARGETS.items()}
    for _, tp, body in PROVIDER_BODIES:
        found[by_type[id(tp)]].append(body)
    for name, tp in TARGETS.items():
        if is_union(tp):
            found[name].extend(sample(member) for member in tp.members.values())
            found[name].append({**sample(next(iter(tp.members.values()))), tp.tag: "a.kind.not.known.yet"})
        else:
            found[name].append(sample(tp))
    return found


SEEDS = seeds()


# -- mutations -----------------------------------------------------------------------------------

_keys = st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True) | st.sampled_from(
    ["type", "id", "object", "content", "text", "usage", "x_groq", "reasoning_content", "self-harm", "", "é"])
_scalars = (st.none() | st.booleans() | st.integers(-(2**53), 2**53)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8))
json_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3), max_leaves=8
)


def kind(value: Any) -> type:
    return bool if isinstance(value, bool) else float if isinstance(value, int) else type(value)


def spots(value: Any) -> Iterator[Tuple[Any, Any]]:
    """(container, key or index) of every value below the top."""
    items = value.items() if type(value) is dict else enumerate(value) if type(value) is list else ()
    for key, item in items:
        yield value, key
        yield from spots(item)


def objects(value: Any) -> Iterator[Dict[str, Any]]:
    if type(value) is dict:
        yield value
    for container, key in spots(value):
        if type(container[key]) is dict:
            yield container[key]


@st.composite
def mutated(draw: st.DrawFn, name: str) -> Any:
    body = copy.deepcopy(draw(st.sampled_from(SEEDS[name])))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["retype", "null", "drop", "add"]))
        places = list(spots(body))
        if how == "add" or not places:
            draw(st.sampled_from(list(objects(body))))[draw(_keys)] = draw(json_values)
            continue
        container, key = draw(st.sampled_from(places))
        if how == "drop" and type(container) is dict:
            del container[key]
        elif how == "null":
            container[key] = None
        else:
            current = kind(container[key])
            container[key] = draw(json_values.filter(lambda value, current=current: kind(value) is not current))
    return body


# -- the property --------------------------------------------------------------------------------


def check_decodes_keeping_everything(name: str, body: Any) -> None:
    tp = TARGETS[name]
    decoded = decode(json.dumps(body).encode(), tp)
    if is_union(tp):
        assert isinstance(decoded, tp)
    else:
        assert type(decoded) is (tp if isinstance(tp, type) else get_origin(tp))
    problem = unreachable(body, decoded.to_dict())
    assert problem is None, problem


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_seed_decodes_keeping_every_value(name: str) -> None:
    assert SEEDS[name], f"no seed for {name}"
    for body in SEEDS[name]:
        check_decodes_keeping_everything(name, body)


@pytest.mark.parametrize("name", sorted(TARGETS))
@FUZZ
@given(data=st.data())
def test_mutated_bodies_decode_keeping_every_value(name: str, data: st.DataObject) -> None:
    check_decodes_keeping_everything(name, data.draw(mutated(name)))
