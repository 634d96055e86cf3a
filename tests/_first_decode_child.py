"""Run by ``test_decode_threads.py`` in a fresh interpreter: 16 threads make their first decodes at
the same moment, of bodies carrying provider extensions (declared ones, and fields no type
declares), then decode everything again. Prints one JSON line: ``{"calls": n, "problems": [...]}``.

``--fork N`` runs that in N child processes forked from this one (4 at a time) and prints a line for
each: the import is paid once, and since this process never decodes anything, every child starts
with cold decoder caches, as a fresh process would. Nothing is decoded before the threads start.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any, Callable, Dict, List

from openai_compat import Client
from openai_compat._internals import decode
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types.realtime_server_events import RealtimeServerEvent

THREADS = 16

MESSAGE = {"role": "assistant", "content": "Hi", "reasoning_content": "think", "x_unlisted": {"a": 1}}
CHAT = {"id": "c", "object": "chat.completion", "created": 1.5, "model": "m", "x_groq": {"id": "g"}, "x_new": 1,
        "choices": [{"index": 0, "message": MESSAGE, "finish_reason": "stop", "native_finish_reason": "STOP"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2,
                  "completion_tokens_details": {"reasoning_tokens": None}}}
CHUNKS = [{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "provider": "P",
           "choices": [{"index": 0, "delta": {"content": text, "reasoning_content": "r", **extra}}]}
          for text, extra in (("Hel", {}), ("lo", {"x_delta_only": True}))]
RESPONSE = {"id": "r", "object": "response", "created_at": 1, "status": "completed", "model": "m", "x_trace": "t",
            "output": [{"type": "message", "id": "m1", "role": "assistant", "status": "completed",
                        "content": [{"type": "output_text", "text": "Hi", "annotations": [], "x_part": 1}]},
                       {"type": "brand_new_item", "id": "n1"}],
            "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                      "input_tokens_details": {"cached_tokens": None},
                      "output_tokens_details": {"reasoning_tokens": None}}}
EVENTS = [{"type": "response.created", "sequence_number": 0, "response": {**RESPONSE, "status": "in_progress"}},
          {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "m1", "output_index": 0,
           "content_index": 0, "delta": "Hi", "logprobs": [], "obfuscation": "x"},
          {"type": "response.brand_new_event", "sequence_number": 2, "payload": [1]},
          {"type": "response.completed", "sequence_number": 3, "response": RESPONSE}]
EMBEDDINGS = {"id": "e", "object": "list", "created": 1, "model": "m", "x_e": 1,
              "data": [{"index": 0, "object": "embedding", "embedding": [0.5]}],
              "usage": {"prompt_tokens": 1, "total_tokens": 1, "completion_tokens": 0}}
MODELS = {"object": "list", "data": [{"id": "m", "object": "model", "created": 1, "owned_by": "vllm",
                                      "root": "m", "max_model_len": 8, "x_m": 1}]}
REALTIME = json.dumps({"type": "response.output_text.delta", "event_id": "e", "response_id": "r", "item_id": "i",
                       "output_index": 0, "content_index": 0, "delta": "Hi", "x_rt": 1}).encode()


def answer(request: Any) -> Any:
    path = request.url.split("/v1/")[-1]
    if path == "chat/completions":
        return sse_response(CHUNKS) if request_json(request).get("stream") else json_response(CHAT)
    if path == "responses":
        return sse_response(EVENTS) if request_json(request).get("stream") else json_response(RESPONSE)
    return json_response(EMBEDDINGS if path == "embeddings" else MODELS)


def calls(client: Client) -> List[Callable[[], Any]]:
    def chat() -> None:
        message = client.chat.completions.create(model="m", messages=[]).choices[0].message
        assert message.reasoning_content == "think" and message.x_unlisted == {"a": 1}  # type: ignore[attr-defined]

    def chat_stream() -> None:
        completion = client.chat.completions.create(model="m", messages=[], stream=True).get_final_completion()
        assert completion.choices[0].message.reasoning_content == "rr" and completion.provider == "P"

    def responses() -> None:
        response = client.responses.create(model="m", input="x")
        assert response.output_text == "Hi" and response.x_trace == "t"  # type: ignore[attr-defined]
        assert type(response.output[1]).__name__ == "UnknownItem"

    def responses_stream() -> None:
        events = list(client.responses.create(model="m", input="x", stream=True))
        assert [type(event).__name__ for event in events] == [
            "ResponseCreatedEvent", "ResponseTextDeltaEvent", "UnknownEvent", "ResponseCompletedEvent"]

    def embeddings() -> None:
        assert client.embeddings.create(model="m", input="x").data[0].embedding == [0.5]

    def models() -> None:
        assert [model.max_model_len for model in client.models.list()] == [8]

    def realtime() -> None:
        event = decode(REALTIME, RealtimeServerEvent)  # type: ignore[arg-type]
        assert type(event).__name__ == "ResponseTextDeltaEvent" and event.x_rt == 1

    return [chat, chat_stream, responses, responses_stream, embeddings, models, realtime]


def race() -> Dict[str, Any]:
    client = Client(api_key="sk-test", max_retries=0, transport=MockTransport(answer))
    todo = calls(client)
    start = threading.Barrier(THREADS)
    problems: List[str] = []
    done: Dict[str, int] = {"calls": 0}
    lock = threading.Lock()

    def work(index: int) -> None:
        start.wait(timeout=60)
        order = todo[index % len(todo):] + todo[: index % len(todo)]  # first calls differ between threads
        for call in order + order:  # first decodes, then later ones
            try:
                call()
            except Exception:
                with lock:
                    problems.append(f"thread {index}, {call.__name__}: {traceback.format_exc(limit=3)}")
            with lock:
                done["calls"] += 1

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"calls": done["calls"], "problems": problems}


def forked(count: int, at_once: int = 4) -> None:
    """``race()`` in ``count`` forked children, ``at_once`` at a time, one JSON line each."""
    running: Dict[int, str] = {}  # pid -> the file its result goes to
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            if len(running) >= at_once:
                report(running)
            path = os.path.join(folder, f"{number}.json")
            pid = os.fork()
            if pid == 0:  # the child: race, write the result, leave without running the parent's cleanup
                with open(path, "w") as out:
                    out.write(json.dumps(race()))
                os._exit(0)
            running[pid] = path
        while running:
            report(running)


def report(running: Dict[int, str]) -> None:
    pid, status = os.wait()
    path = running.pop(pid)
    output = Path(path).read_text() if status == 0 and os.path.exists(path) else ""
    if not output:
        output = json.dumps({"calls": 0, "problems": [f"child exited with status {status}"]})
    sys.stdout.write(output + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--fork":
        forked(int(sys.argv[2]))
    else:
        sys.stdout.write(json.dumps(race()) + "\n")
