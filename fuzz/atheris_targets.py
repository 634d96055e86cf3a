"""Coverage-guided fuzz targets (atheris / libFuzzer) for what parses server bytes.

The oracles are those of ``tests/test_fuzz.py``, which runs the same targets as bounded
hypothesis properties in CI; this harness is for long local runs and is not part of the test
suite. Run it with ``scripts/fuzz TARGET [SECONDS]`` (it sets up ``.venv-fuzz`` with atheris), or
directly in an environment that has atheris and the package:

    python fuzz/atheris_targets.py sse -max_total_time=60 .tools/fuzz/sse

Targets:
    sse       the SSE decoder: any bytes split anywhere give the events of the whole
    stream    bytes as a 200 event stream -> Stream[ChatCompletionChunk] and get_final_completion
    error     bytes as a 4xx/5xx body -> make_status_error and the Session's status handling
    response  bytes as a 2xx body -> Session.request(cast_to=...) and embeddings.create

Only this library's errors (``OpenAIError``) may escape a target; anything else is a finding.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Callable, Dict, List, Sequence

import atheris

with atheris.instrument_imports():
    from openai_compat import (
        APIResponseValidationError,
        APIStatusError,
        Client,
        OpenAIError,
        Response,
        Session,
        SSEDecoder,
    )
    from openai_compat._internals import RawEvent, make_status_error
    from openai_compat.testing import MockTransport, sse_response
    from openai_compat.types.chat import ChatCompletion, ChatCompletionChunk
    from openai_compat.types.embeddings import CreateEmbeddingResponse


def _decode(pieces: Sequence[bytes]) -> List[RawEvent]:
    decoder = SSEDecoder()
    events: List[RawEvent] = []
    for piece in pieces:
        events.extend(decoder.feed_raw(piece))
    events.extend(decoder.end_raw())
    return events


def _session(respond: Callable[[Any], Response], base_url: str = "https://api.example.test/v1") -> Session:
    return Session(api_key="sk-fuzz", base_url=base_url, transport=MockTransport(respond), max_retries=0)


def fuzz_sse(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    cuts = fdp.ConsumeIntListInRange(fdp.ConsumeIntInRange(0, 8), 0, 4096)
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    bounds = [0, *sorted(c % (len(body) + 1) for c in cuts), len(body)]
    whole = _decode([body])
    split = _decode([body[a:b] for a, b in zip(bounds, bounds[1:])])
    if split != whole:
        raise AssertionError(f"split at {bounds[1:-1]} gave {split!r}, whole gave {whole!r}")
    if _decode([body[i : i + 1] for i in range(len(body))]) != whole:
        raise AssertionError("byte-by-byte feeding gave other events")


def fuzz_stream(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    sizes = [fdp.ConsumeIntInRange(1, 64) for _ in range(fdp.ConsumeIntInRange(1, 4))]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    for cast_to in (ChatCompletionChunk, object):
        session = _session(lambda request: sse_response([body], done=False, chunk_sizes=sizes))
        try:
            stream = session.stream("POST", "chat/completions", cast_to=cast_to, body={})
            for item in stream:
                if isinstance(item, ChatCompletionChunk):
                    item.to_dict()
        except OpenAIError:
            pass
    client = Client(api_key="sk-fuzz", max_retries=0,
                    transport=MockTransport(lambda request: sse_response([body], done=False, chunk_sizes=sizes)))
    try:
        completion = client.chat.completions.create(model="m", messages=[], stream=True).get_final_completion()
        completion.to_dict()
    except OpenAIError:
        pass


def fuzz_error(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    status = fdp.ConsumeIntInRange(400, 599)
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    error = make_status_error(Response(status, {}, content=body), body)
    if not str(error).startswith(f"Error code: {status}") or error.raw_body != body:
        raise AssertionError(f"bad error for {body!r}: {error!r}")
    try:
        _session(lambda request: Response(status, {}, content=body)).request("GET", "models", cast_to=object)
    except APIStatusError:
        return
    raise AssertionError("a non-2xx answer did not raise")


def fuzz_response(data: bytes) -> None:
    session = _session(lambda request: Response(200, {}, content=data))
    for cast_to in (ChatCompletion, ChatCompletionChunk, CreateEmbeddingResponse, object):
        with contextlib.suppress(APIResponseValidationError):
            session.request("POST", "x", cast_to=cast_to, body={})
    client = Client(api_key="sk-fuzz", base_url="https://api.openai.com/v1", max_retries=0,
                    transport=MockTransport(lambda request: Response(200, {}, content=data)))
    with contextlib.suppress(APIResponseValidationError):  # it also decodes base64 vectors
        client.embeddings.create(model="m", input="x")


TARGETS: Dict[str, Callable[[bytes], None]] = {
    "sse": fuzz_sse,
    "stream": fuzz_stream,
    "error": fuzz_error,
    "response": fuzz_response,
}

# Starting points for an empty corpus: the shapes real servers send.
_CHUNK = b'{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}'
SEEDS: Dict[str, List[bytes]] = {
    "sse": [b"\x02\x05\x09data: a\r\ndata: b\r\n\r\nevent: x\nid: 1\nretry: 5\ndata: c\n\n", b"\xef\xbb\xbfdata: x"],
    "stream": [b"\x10data: " + _CHUNK + b"\n\ndata: [DONE]\n\n",
               b'\x08data: {"error": {"message": "overloaded"}}\n\n', b"\x01event: error\ndata: boom\n\n"],
    "error": [b'\x01{"error": {"message": "bad", "type": "invalid_request_error", "code": 5}}',
              b"\x64<html>502</html>"],
    "response": [_CHUNK.replace(b".chunk", b"").replace(b"delta", b"message"),
                 b'{"object":"list","data":[{"embedding":"AACAPwAAAEA=","index":0}],"model":"m"}'],
}


def _seed(corpus: str, target: str) -> None:
    if os.path.isdir(corpus) and os.listdir(corpus):
        return
    os.makedirs(corpus, exist_ok=True)
    for index, seed in enumerate(SEEDS[target]):
        with open(os.path.join(corpus, f"seed-{index}"), "wb") as file:
            file.write(seed)


def main(argv: List[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus dir]")
    target = argv[1]
    libfuzzer_args = argv[2:]
    for arg in libfuzzer_args:
        if not arg.startswith("-") and not os.path.isfile(arg):  # a corpus directory, not an input to replay
            _seed(arg, target)
    atheris.Setup([argv[0], *libfuzzer_args], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
