"""The Images API against ``MockTransport``: exact requests (JSON and multipart bytes), typed stream
events, and the helpers that turn ``b64_json`` into bytes and files."""

from __future__ import annotations

import base64
import io
import pathlib
import re
import struct
import zlib
from typing import Any, List, Optional, Sequence, Tuple

import pytest

from openai_compat import Client, Request, RetryPolicy, Stream
from openai_compat.testing import MockTransport, error_response, json_response, request_json, sse_response
from openai_compat.types.images import (
    Image,
    ImageEditCompletedEvent,
    ImageEditPartialImageEvent,
    ImageGenCompletedEvent,
    ImageGenPartialImageEvent,
    ImageOutputFormat,
    ImageResponseFormat,
    ImageSize,
    ImagesResponse,
    UnknownImageStreamEvent,
)

BASE_URL = "https://api.example.test/v1"
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg body"


def tiny_png(red: int = 255) -> bytes:
    """A valid 1x1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = tiny_png()
PNG_B64 = base64.b64encode(PNG).decode()
IMAGES_BODY = {"created": 1713833628, "data": [{"b64_json": PNG_B64}], "output_format": "png", "size": "1024x1024"}


def client_for(transport: MockTransport, retries: int = 0) -> Client:
    policy = RetryPolicy(max_retries=retries, sleep=lambda seconds: None, random=lambda: 0.0)
    return Client(api_key="sk-test", base_url=BASE_URL, transport=transport, retry_policy=policy)


def boundary_of(request: Request) -> str:
    match = re.fullmatch(r"multipart/form-data; boundary=([0-9a-f]{32})", request.headers["Content-Type"])
    assert match, request.headers["Content-Type"]
    return match.group(1)


def multipart(boundary: str, fields: Sequence[Tuple[str, str]], files: Sequence[Tuple[str, str, bytes]]) -> bytes:
    """The body the spec's multipart encoding gives: fields first, then files (PNG content type)."""
    out: List[bytes] = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: image/png\r\n\r\n"
        )
        out.append(head.encode() + content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def assert_multipart(
    request: Request, fields: Sequence[Tuple[str, str]], files: Sequence[Tuple[str, str, bytes]]
) -> None:
    assert isinstance(request.body, bytes)
    assert request.body == multipart(boundary_of(request), fields, files)
    assert request.headers["Content-Length"] == str(len(request.body))


def test_generate_sends_the_json_body() -> None:
    transport = MockTransport(responses=[json_response(IMAGES_BODY)])
    result = client_for(transport).images.generate(
        prompt="A cute baby sea otter", model="gpt-image-1", n=1, size=ImageSize.SQUARE_1024, quality="high",
        output_format=ImageOutputFormat.PNG, background="transparent", moderation="low", style=None,
    )
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE_URL}/images/generations")
    assert request.headers["Content-Type"] == "application/json"
    assert request_json(request) == {
        "prompt": "A cute baby sea otter", "background": "transparent", "model": "gpt-image-1", "moderation": "low",
        "n": 1, "output_format": "png", "quality": "high", "size": "1024x1024", "style": None,
    }
    assert isinstance(result, ImagesResponse) and result.created == 1713833628
    assert result.data is not None and result.data[0].to_bytes() == PNG


def test_edit_with_one_image_and_a_mask_sends_exact_multipart(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "otter.png"
    source.write_bytes(PNG)
    mask = tiny_png(red=0)
    transport = MockTransport(responses=[json_response(IMAGES_BODY)])
    result = client_for(transport).images.edit(
        image=source, mask=("mask.png", mask), prompt="Add a beret", n=2, size="1024x1024",
        input_fidelity="high", model=None,
    )
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE_URL}/images/edits")
    # ``model=None`` is left out: a form has no null.
    assert_multipart(
        request,
        [("prompt", "Add a beret"), ("input_fidelity", "high"), ("n", "2"), ("size", "1024x1024")],
        [("image", "otter.png", PNG), ("mask", "mask.png", mask)],
    )
    assert isinstance(result, ImagesResponse)


def test_edit_with_several_images_sends_one_image_array_part_each(tmp_path: pathlib.Path) -> None:
    first, second, third = tiny_png(1), tiny_png(2), tiny_png(3)
    (tmp_path / "lotion.png").write_bytes(first)
    handle = io.BytesIO(second)
    handle.name = "/somewhere/bath-bomb.png"
    transport = MockTransport(responses=[json_response(IMAGES_BODY)])
    client_for(transport).images.edit(
        image=[tmp_path / "lotion.png", handle, ("soap.png", third)], mask=("m.png", PNG),
        prompt="A gift basket", model="gpt-image-1", stream=False,
    )
    assert_multipart(
        transport.last_request,
        [("prompt", "A gift basket"), ("model", "gpt-image-1"), ("stream", "false")],
        [("image[]", "lotion.png", first), ("image[]", "bath-bomb.png", second), ("image[]", "soap.png", third),
         ("mask", "m.png", PNG)],
    )


def test_edit_with_a_list_of_one_image_still_sends_an_array_part() -> None:
    transport = MockTransport(responses=[json_response(IMAGES_BODY)])
    client_for(transport).images.edit(image=[("a.png", PNG)], prompt="p")
    assert_multipart(transport.last_request, [("prompt", "p")], [("image[]", "a.png", PNG)])


def test_edit_tells_a_filename_tuple_from_a_tuple_of_images() -> None:
    transport = MockTransport(responses=[json_response(IMAGES_BODY), json_response(IMAGES_BODY)])
    client = client_for(transport)
    client.images.edit(image=("one.png", PNG, "image/png"), prompt="p")
    client.images.edit(image=(("a.png", PNG), ("b.png", JPEG)), prompt="p")
    assert_multipart(transport.requests[0], [("prompt", "p")], [("image", "one.png", PNG)])
    assert_multipart(transport.requests[1], [("prompt", "p")], [("image[]", "a.png", PNG), ("image[]", "b.png", JPEG)])


def test_stream_true_in_extra_body_streams() -> None:
    transport = MockTransport(responses=[sse_response([partial("image_generation.partial_image", 0, b"x")])])
    stream = client_for(transport).images.generate(prompt="p", extra_body={"stream": True})
    assert isinstance(stream, Stream)
    assert has_types(list(stream), [ImageGenPartialImageEvent])
    assert request_json(transport.last_request) == {"prompt": "p", "stream": True}


def test_create_variation_sends_exact_multipart() -> None:
    transport = MockTransport(responses=[json_response({"created": 5, "data": [{"url": "https://img.test/1.png"}]})])
    result = client_for(transport).images.create_variation(
        image=("otter.png", PNG), n=2, size=ImageSize.SQUARE_512, response_format=ImageResponseFormat.URL,
        user="user-1234", model="dall-e-2",
    )
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE_URL}/images/variations")
    assert_multipart(
        request,
        [("model", "dall-e-2"), ("n", "2"), ("response_format", "url"), ("size", "512x512"), ("user", "user-1234")],
        [("image", "otter.png", PNG)],
    )
    assert result.data == [Image(url="https://img.test/1.png")]


def test_edit_reports_upload_progress_and_replays_the_same_bytes_on_retry() -> None:
    seen: List[Tuple[int, Optional[int]]] = []
    transport = MockTransport(responses=[error_response(500), json_response(IMAGES_BODY)])
    client_for(transport, retries=1).images.edit(
        image=io.BytesIO(PNG), prompt="p", on_progress=lambda sent, total: seen.append((sent, total)),
    )
    first, second = transport.requests
    assert first.body == second.body and isinstance(first.body, bytes)
    assert seen and seen[-1] == (len(first.body), len(first.body))


def test_edit_refuses_a_str_path() -> None:
    transport = MockTransport()
    with pytest.raises(TypeError, match=r"pathlib\.Path"):
        client_for(transport).images.edit(image="otter.png", prompt="p")  # type: ignore[arg-type]
    assert transport.requests == []


def partial(kind: str, index: int, data: bytes) -> dict[str, Any]:
    return {
        "type": kind, "b64_json": base64.b64encode(data).decode(), "created_at": 1620000000, "size": "1024x1024",
        "quality": "high", "background": "transparent", "output_format": "png", "partial_image_index": index,
    }


USAGE = {"total_tokens": 100, "input_tokens": 50, "output_tokens": 50,
         "input_tokens_details": {"text_tokens": 10, "image_tokens": 40}}


def has_types(events: Sequence[Any], kinds: Sequence[type]) -> bool:
    return len(events) == len(kinds) and all(isinstance(event, kind) for event, kind in zip(events, kinds))


def test_generate_stream_yields_typed_partial_images() -> None:
    final = {**partial("image_generation.completed", 0, PNG), "usage": USAGE}
    del final["partial_image_index"]
    events_sent = [
        partial("image_generation.partial_image", 0, b"preview-0"),
        partial("image_generation.partial_image", 1, b"preview-1"),
        {"type": "image_generation.something_new", "detail": 1},
        final,
    ]
    transport = MockTransport(responses=[sse_response(events_sent, done=False, chunk_sizes=[7])])
    stream = client_for(transport).images.generate(prompt="otter", model="gpt-image-1", stream=True, partial_images=2)
    assert isinstance(stream, Stream)
    with stream:
        events = list(stream)
    request = transport.last_request
    assert request.headers["Accept"] == "text/event-stream"
    assert request_json(request) == {"prompt": "otter", "model": "gpt-image-1", "partial_images": 2, "stream": True}
    # isinstance: an event with fields the type does not declare decodes to a subclass keeping them.
    assert has_types(events, [
        ImageGenPartialImageEvent, ImageGenPartialImageEvent, UnknownImageStreamEvent, ImageGenCompletedEvent,
    ])
    first, second, unknown, done = events
    assert isinstance(first, ImageGenPartialImageEvent) and isinstance(second, ImageGenPartialImageEvent)
    assert (first.partial_image_index, first.to_bytes(), second.to_bytes()) == (0, b"preview-0", b"preview-1")
    assert isinstance(unknown, UnknownImageStreamEvent) and unknown.raw == events_sent[2]
    assert isinstance(done, ImageGenCompletedEvent) and done.to_bytes() == PNG
    assert done.usage is not None and done.usage.input_tokens_details is not None
    assert (done.usage.total_tokens, done.usage.input_tokens_details.image_tokens) == (100, 40)


def test_edit_stream_uploads_multipart_and_yields_edit_events(tmp_path: pathlib.Path) -> None:
    final = {**partial("image_edit.completed", 0, PNG), "usage": USAGE}
    del final["partial_image_index"]
    transport = MockTransport(responses=[sse_response([partial("image_edit.partial_image", 0, b"p0"), final])])
    stream = client_for(transport).images.edit(image=("in.png", PNG), prompt="p", stream=True, partial_images=1)
    events = list(stream)
    assert transport.last_request.headers["Accept"] == "text/event-stream"
    assert_multipart(
        transport.last_request,
        [("prompt", "p"), ("partial_images", "1"), ("stream", "true")],
        [("image", "in.png", PNG)],
    )
    assert has_types(events, [ImageEditPartialImageEvent, ImageEditCompletedEvent])
    preview, done = events
    assert isinstance(preview, ImageEditPartialImageEvent) and preview.to_bytes() == b"p0"
    assert isinstance(done, ImageEditCompletedEvent) and done.usage is not None
    saved = done.save(tmp_path / "final.png")
    assert saved.read_bytes() == PNG


def test_image_to_bytes_and_save_round_trip(tmp_path: pathlib.Path) -> None:
    image = Image(b64_json=PNG_B64)
    assert image.to_bytes() == PNG
    path = image.save(tmp_path / "nested" / "otter.png")
    assert path == tmp_path / "nested" / "otter.png" and path.read_bytes() == PNG
    assert Image(b64_json=base64.b64encode(b"").decode()).to_bytes() == b""


def test_save_all_names_files_by_their_format(tmp_path: pathlib.Path) -> None:
    response = ImagesResponse(
        created=1, output_format="webp",
        data=[Image(b64_json=PNG_B64), Image(b64_json=base64.b64encode(JPEG).decode()),
              Image(b64_json=base64.b64encode(b"opaque").decode())],
    )
    paths = response.save_all(tmp_path / "out", prefix="otter")
    assert paths == [tmp_path / "out" / name for name in ("otter-0.png", "otter-1.jpg", "otter-2.webp")]
    assert [path.read_bytes() for path in paths] == [PNG, JPEG, b"opaque"]
    assert ImagesResponse(created=1).save_all(tmp_path / "empty") == []


def test_url_only_image_says_to_download_the_url(tmp_path: pathlib.Path) -> None:
    image = Image(url="https://img.test/otter.png?sig=secret")
    with pytest.raises(ValueError, match="download the url") as caught:
        image.to_bytes()
    assert "sig=secret" not in str(caught.value)
    response = ImagesResponse(created=1, data=[Image(b64_json=PNG_B64), image])
    with pytest.raises(ValueError, match="response_format='b64_json'"):
        response.save_all(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing half-saved


def test_missing_or_invalid_b64_json_raises_value_error() -> None:
    with pytest.raises(ValueError, match="no b64_json"):
        Image().to_bytes()
    with pytest.raises(ValueError, match="not valid base64"):
        Image(b64_json="not base64!").to_bytes()
    with pytest.raises(ValueError, match="ImageGenPartialImageEvent has no b64_json"):
        ImageGenPartialImageEvent().to_bytes()
