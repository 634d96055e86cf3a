"""API conformance of the Images API: every ``/images`` endpoint against the Steady mock.

The mock validates each request against the spec (JSON for generations; multipart field names and
types for edits and variations) and answers with bodies generated from the schemas, so a decoded
result shows the types accept what the spec allows. Its ``b64_json`` values are random strings,
not base64, so nothing here decodes them (``test_images.py`` covers the helpers).
"""

from __future__ import annotations

import struct
import zlib
from typing import Any, List

import pytest
from mock_api import MockAPICheck

from openai_compat import Client, Stream
from openai_compat.resources import images
from openai_compat.types.images import (
    ImageEditCompletedEvent,
    ImageEditPartialImageEvent,
    ImageGenCompletedEvent,
    ImageGenPartialImageEvent,
    ImagesResponse,
    UnknownImageStreamEvent,
)

pytestmark = pytest.mark.mock_api


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0")) + chunk(
        b"IEND", b""
    )


PNG = tiny_png()


def assert_images_response(result: object) -> None:
    assert isinstance(result, ImagesResponse) and isinstance(result.created, int)
    for image in result.data or []:
        assert image.b64_json is None or isinstance(image.b64_json, str)


def assert_events(events: List[Any], partial: type, completed: type) -> None:
    assert events
    for event in events:
        # The mock ends its stream with ``event: done`` / ``{}``: an event of no known type.
        assert isinstance(event, (partial, completed, UnknownImageStreamEvent)), event
    assert any(isinstance(event, (partial, completed)) for event in events)


def test_images_generate(mock_api: MockAPICheck) -> None:
    result = images.generate(
        mock_api.session(), prompt="A cute baby sea otter", model="gpt-image-1", n=1, size="1024x1024",
        quality="high", background="transparent", moderation="low", output_format="webp", output_compression=80,
        user="user-1234",
    )
    assert_images_response(result)
    assert_images_response(images.generate(
        mock_api.session(), prompt="otter", model="dall-e-3", response_format="b64_json", style="natural",
        quality="hd", size="1792x1024", stream=False,
    ))
    mock_api.assert_valid()


def test_images_generate_stream(mock_api: MockAPICheck) -> None:
    stream = images.generate(mock_api.session(), prompt="otter", model="gpt-image-1", stream=True, partial_images=2)
    assert isinstance(stream, Stream)
    with stream:
        events = list(stream)
    assert_events(events, ImageGenPartialImageEvent, ImageGenCompletedEvent)
    assert stream.headers.get("x-steady-streaming") == "true"
    mock_api.assert_valid()


def test_images_edit_one_image_with_mask(mock_api: MockAPICheck) -> None:
    result = images.edit(
        mock_api.session(), image=("otter.png", PNG), mask=("mask.png", PNG), prompt="Add a beret",
        model="gpt-image-1", n=1, size="1024x1024", quality="high", background="opaque", input_fidelity="high",
        output_format="png", user="user-1234",
    )
    assert_images_response(result)
    mock_api.assert_valid()


def test_images_edit_several_images(mock_api: MockAPICheck) -> None:
    sent: List[int] = []
    result = images.edit(
        mock_api.session(), image=[("a.png", PNG), ("b.png", PNG), ("c.png", PNG)], mask=("mask.png", PNG),
        prompt="A gift basket with these items", model="gpt-image-1", on_progress=lambda done, total: sent.append(done),
    )
    assert_images_response(result)
    assert sent
    mock_api.assert_valid()


def test_images_edit_stream(mock_api: MockAPICheck) -> None:
    stream = images.edit(
        mock_api.session(), image=[("a.png", PNG), ("b.png", PNG)], prompt="p", model="gpt-image-1", stream=True,
        partial_images=1,
    )
    with stream:
        events = list(stream)
    assert_events(events, ImageEditPartialImageEvent, ImageEditCompletedEvent)
    mock_api.assert_valid()


def test_images_create_variation(mock_api: MockAPICheck) -> None:
    result = images.create_variation(
        mock_api.session(), image=("otter.png", PNG), model="dall-e-2", n=2, size="256x256",
        response_format="url", user="user-1234",
    )
    assert_images_response(result)
    mock_api.assert_valid()


def test_images_through_the_client(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert_images_response(client.images.generate(prompt="otter"))
    assert_images_response(client.images.edit(image=("otter.png", PNG), prompt="p"))
    assert_images_response(client.images.create_variation(image=("otter.png", PNG)))
    mock_api.assert_valid()
