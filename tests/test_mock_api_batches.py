"""API conformance of batches, moderations and legacy completions against the Steady mock: every
endpoint, each request validated against the spec (any diagnostic fails the test), each answer
(random values the spec allows) decoded into its type."""

from __future__ import annotations

import pytest
from mock_api import MockAPICheck

from openai_compat import APIResponseValidationError, SyncCursorPage
from openai_compat._internals import decode
from openai_compat.resources import batches, completions, moderations
from openai_compat.types.batches import Batch, BatchEndpoint
from openai_compat.types.completions import Completion, CompletionRequest
from openai_compat.types.moderations import ModerationCreateResponse, ModerationInput, ModerationModel

pytestmark = pytest.mark.mock_api


def assert_batch(result: object) -> None:
    assert isinstance(result, Batch)
    assert isinstance(result.id, str) and isinstance(result.status, str) and isinstance(result.created_at, int)


def assert_moderation(result: object) -> None:
    assert isinstance(result, ModerationCreateResponse)
    for verdict in result.results:
        assert isinstance(verdict.flagged, bool)
        assert isinstance(verdict.categories.to_wire_dict(), dict)


def test_batches_create(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_batch(batches.create(session, completion_window="24h", endpoint=BatchEndpoint.CHAT_COMPLETIONS,
                                input_file_id="file-abc123"))
    assert_batch(batches.create(session, completion_window="24h", endpoint=BatchEndpoint.EMBEDDINGS,
                                input_file_id="file-abc123", metadata={"job": "nightly"},
                                output_expires_after={"anchor": "created_at", "seconds": 3600}))
    mock_api.assert_valid()


def test_batches_retrieve_and_cancel(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_batch(batches.retrieve(session, "batch_abc123"))
    assert_batch(batches.cancel(session, "batch_abc123"))
    mock_api.assert_valid()


def test_batches_list(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = batches.list(session)
    assert isinstance(page, SyncCursorPage)
    for item in page.data:
        assert_batch(item)
    filtered = batches.list(session, after="batch_abc123", limit=2)
    if filtered.has_next_page():  # the mock's has_more and ids are random
        for item in filtered.get_next_page().data:
            assert_batch(item)
    mock_api.assert_valid()


def test_batches_wait(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    # The mock's status is random: either a terminal batch comes back, or the bound is reached.
    try:
        assert_batch(batches.wait(session, "batch_abc123", poll_interval=0.01, max_wait_seconds=0.05))
    except TimeoutError as exc:
        assert "batch_abc123" in str(exc)
    mock_api.assert_valid()


def test_moderations_text(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_moderation(moderations.create(session, input="I want to kill them."))
    assert_moderation(moderations.create(session, input=["one", "two"], model=ModerationModel.TEXT_MODERATION_LATEST))
    mock_api.assert_valid()


def test_moderations_image_inputs(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    parts = [ModerationInput.text("Is this fine?"), ModerationInput.image_url("https://example.com/image.jpg")]
    assert_moderation(moderations.create(session, input=parts, model=ModerationModel.OMNI_MODERATION_LATEST))
    assert_moderation(moderations.create(session, input=[ModerationInput.image_bytes(b"\x89PNG\r\n")]))
    mock_api.assert_valid()


def test_completions_create(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    result = completions.create(session, model="gpt-3.5-turbo-instruct", prompt="Say this is a test", max_tokens=7,
                                temperature=0, logprobs=2, echo=False, stop=["\n"], n=1, best_of=1, seed=1,
                                frequency_penalty=0.5, presence_penalty=0.5, logit_bias={"50256": -100},
                                suffix=None, top_p=1, user="user-1234")
    assert isinstance(result, Completion) and isinstance(result.id, str)
    for choice in result.choices:
        assert isinstance(choice.text, str) and isinstance(choice.index, int)
    request = CompletionRequest(model="davinci-002", prompt=[[1212, 318, 257]], max_tokens=3)
    assert isinstance(completions.create(session, request=request), Completion)
    mock_api.assert_valid()


def test_completions_stream(mock_api: MockAPICheck) -> None:
    # The spec gives /completions only an application/json answer, so Steady answers a stream
    # request with one JSON completion, not SSE (chat/completions declares text/event-stream and
    # streams; see test_mock_api_conformance). The request itself must still be valid, and the
    # library must say what happened rather than yield nothing; the body is a Completion.
    session = mock_api.session()
    with pytest.raises(APIResponseValidationError, match="Asked for an event stream") as caught:
        completions.create(session, model="gpt-3.5-turbo-instruct", prompt=["a", "b"], stream=True,
                           stream_options={"include_usage": True})
    assert caught.value.raw_body is not None
    assert isinstance(decode(caught.value.raw_body, Completion), Completion)
    exchange = mock_api.exchanges[-1]
    assert exchange.headers.get("x-steady-request-valid") == "true"
    mock_api.assert_valid()
