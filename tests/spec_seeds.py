"""Writes ``tests/data/spec_seeds.json``: the response examples of the OpenAPI spec, each with the
type it decodes into, as seeds of the decoding property test (``test_decode_property.py``).

    .venv/bin/python tests/spec_seeds.py [path/to/openai-openapi.yaml]

Needs PyYAML (not a dependency: the output is committed). Examples come from two places: each
operation's ``x-oaiMeta`` response example (typed by the operation) and each schema's
``x-oaiMeta.example`` (stream events typed by their union, objects by their ``object``). Examples
that are not valid JSON in the spec (elisions, comments) are skipped; a chunk example holding
several JSON objects gives each of them.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
SPEC = HERE.parent.parent / "shared" / "openapi" / "openai-openapi.yaml"
OUTPUT = HERE / "data" / "spec_seeds.json"

# (method, path pattern) -> target; first match wins. Targets are keys of TARGETS in the test.
OPERATIONS: List[Tuple[str, str, str]] = [
    ("get", r"/chat/completions", "page:ChatCompletion"),
    ("get", r"/chat/completions/{[^}]+}/messages", "page:ChatCompletionStoreMessage"),
    ("delete", r"/chat/completions/{[^}]+}", "ChatCompletionDeleted"),
    ("*", r"/chat/completions(/{[^}]+})?", "ChatCompletion"),
    ("post", r"/completions", "Completion"),
    ("get", r"/assistants", "page:Assistant"),
    ("delete", r"/assistants/{[^}]+}", "AssistantDeleted"),
    ("*", r"/assistants(/{[^}]+})?", "Assistant"),
    ("post", r"/audio/transcriptions", "TranscriptionVerbose"),
    ("post", r"/audio/translations", "Translation"),
    ("*", r"/conversations/{[^}]+}/items", "ConversationItemList"),
    ("get", r"/conversations/{[^}]+}/items/{[^}]+}", "OutputItem"),
    ("delete", r"/conversations/{[^}]+}", "ConversationDeleted"),
    ("*", r"/conversations(/{[^}]+})?(/items/{[^}]+})?", "Conversation"),
    ("delete", r"/files/{[^}]+}", "FileDeleted"),
    ("post", r"/fine_tuning/checkpoints/{[^}]+}/permissions", "page:FineTuningCheckpointPermission"),
    ("delete", r"/fine_tuning/checkpoints/{[^}]+}/permissions/{[^}]+}", "FineTuningCheckpointPermissionDeleted"),
    ("get", r"/fine_tuning/jobs/{[^}]+}/checkpoints", "page:FineTuningJobCheckpoint"),
    ("get", r"/fine_tuning/jobs/{[^}]+}/events", "page:FineTuningJobEvent"),
    ("*", r"/fine_tuning/jobs(/{[^}]+}(/cancel|/pause|/resume)?)?", "FineTuningJob"),
    ("post", r"/images/(generations|edits|variations)", "ImagesResponse"),
    ("get", r"/models/{[^}]+}", "Model"),
    ("delete", r"/models/{[^}]+}", "ModelDeleted"),
    ("post", r"/moderations", "ModerationCreateResponse"),
    ("get", r"/responses/{[^}]+}/input_items", "page:OutputItem"),
    ("post", r"/responses/input_tokens", "InputTokenCount"),
    ("post", r"/responses/compact", "CompactedResponse"),
    ("*", r"/responses(/{[^}]+}(/cancel)?)?", "Response"),
    ("get", r"/threads/{[^}]+}/messages", "page:Message"),
    ("delete", r"/threads/{[^}]+}/messages/{[^}]+}", "MessageDeleted"),
    ("*", r"/threads/{[^}]+}/messages(/{[^}]+})?", "Message"),
    ("get", r"/threads/{[^}]+}/runs", "page:Run"),
    ("get", r"/threads/{[^}]+}/runs/{[^}]+}/steps", "page:RunStep"),
    ("get", r"/threads/{[^}]+}/runs/{[^}]+}/steps/{[^}]+}", "RunStep"),
    ("*", r"/threads(/{[^}]+})?/runs(/{[^}]+}(/cancel|/submit_tool_outputs)?)?", "Run"),
    ("delete", r"/threads/{[^}]+}", "ThreadDeleted"),
    ("*", r"/threads(/{[^}]+})?", "Thread"),
    ("post", r"/uploads/{[^}]+}/parts", "UploadPart"),
    ("*", r"/uploads(/{[^}]+}(/cancel|/complete))?", "Upload"),
    ("get", r"/vector_stores", "page:VectorStore"),
    ("post", r"/vector_stores/{[^}]+}/search", "VectorStoreSearchPage"),
    ("get", r"/vector_stores/{[^}]+}/(files|file_batches/{[^}]+}/files)", "page:VectorStoreFile"),
    ("*", r"/vector_stores/{[^}]+}/file_batches(/{[^}]+}(/cancel)?)?", "VectorStoreFileBatch"),
    ("*", r"/vector_stores/{[^}]+}/files/{[^}]+}", "VectorStoreFile"),
    ("post", r"/vector_stores/{[^}]+}/files", "VectorStoreFile"),
    ("*", r"/vector_stores(/{[^}]+})?", "VectorStore"),
]

# Schema examples: stream events by the schema's name, other objects by their ``object``.
EVENT_SCHEMAS = [
    (r"RealtimeServerEvent", "RealtimeServerEvent"),
    (r"Webhook", "WebhookEvent"),
    (r"Transcript(TextDelta|TextDone|TextSegment)Event", "TranscriptionStreamEvent"),
    (r"SpeechAudio(Delta|Done)Event", "SpeechStreamEvent"),
    (r"ImageGen(PartialImage|Completed)Event", "ImageGenStreamEvent"),
    (r"ImageEdit(PartialImage|Completed)Event", "ImageEditStreamEvent"),
    (r"Response\w*Event$", "ResponseStreamEvent"),
]
OBJECTS = {
    "chat.completion": "ChatCompletion", "chat.completion.chunk": "ChatCompletionChunk",
    "text_completion": "Completion", "assistant": "Assistant", "thread": "Thread", "thread.message": "Message",
    "thread.run": "Run", "thread.run.step": "RunStep", "thread.message.delta": "MessageDeltaEvent",
    "thread.run.step.delta": "RunStepDeltaEvent", "vector_store": "VectorStore",
    "vector_store.file": "VectorStoreFile", "vector_store.files_batch": "VectorStoreFileBatch",
    "batch": "Batch", "file": "FileObject", "model": "Model", "fine_tuning.job": "FineTuningJob",
    "fine_tuning.job.event": "FineTuningJobEvent", "fine_tuning.job.checkpoint": "FineTuningJobCheckpoint",
    "checkpoint.permission": "FineTuningCheckpointPermission", "upload": "Upload", "upload.part": "UploadPart",
    "response": "Response", "conversation": "Conversation", "embedding": "Embedding",
}


def json_values(text: str) -> Iterator[Any]:
    """The JSON values in ``text`` (several for a stream example); none if any part is not JSON."""
    decoder, values, position = json.JSONDecoder(), [], 0
    text = re.sub(r"^\s*\.{3,}\s*$", "", text, flags=re.MULTILINE).strip()  # elided chunks between others
    while position < len(text):
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return iter(())
        values.append(value)
        while position < len(text) and text[position].isspace():
            position += 1
    return iter(values)


def operation_target(method: str, path: str) -> Optional[str]:
    path = path.split("?", maxsplit=1)[0]
    for want, pattern, target in OPERATIONS:
        if want in ("*", method) and re.fullmatch(pattern, path):
            return target
    return None


def schema_target(name: str, body: Any) -> Optional[str]:
    if not isinstance(body, dict):
        return None
    if "type" in body and "object" not in body:
        for pattern, target in EVENT_SCHEMAS:
            if re.match(pattern, name):
                return target
        return None
    kind = body.get("object")
    return OBJECTS.get(kind) if isinstance(kind, str) else None


def seeds(spec: Dict[str, Any]) -> List[Dict[str, Any]]:
    found: List[Dict[str, Any]] = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            examples = (operation.get("x-oaiMeta") or {}).get("examples") if isinstance(operation, dict) else None
            target = operation_target(method, path)
            for example in [examples] if isinstance(examples, dict) else examples or []:
                for body in json_values(example.get("response") or "") if target else ():
                    if isinstance(body, dict):
                        found.append({"target": target, "source": f"{method.upper()} {path}", "body": body})
    for name, schema in spec["components"]["schemas"].items():
        example = (schema.get("x-oaiMeta") or {}).get("example") if isinstance(schema, dict) else None
        for body in json_values(example) if isinstance(example, str) else ():
            target = schema_target(name, body)
            if target is not None:
                found.append({"target": target, "source": f"schema {name}", "body": body})
    return found


def main() -> None:
    import yaml

    spec_path = Path(sys.argv[1]) if len(sys.argv) > 1 else SPEC
    spec = yaml.load(spec_path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found = seeds(spec)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(found)} seeds written to {OUTPUT}")


if __name__ == "__main__":
    main()
