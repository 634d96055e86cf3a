"""The hand-written floors' result types: plain msgspec Structs with the fields the API sends.

They mirror the response shapes the benchmark server serves (chat completion, chat chunk,
embeddings, logprobs), so a floor decodes into typed objects just as the clients do. Nothing
else: no extras kept, no leniency, no metadata. That is what makes them a floor.
"""

from __future__ import annotations

from typing import List, Optional, Union

import msgspec


class TopLogprob(msgspec.Struct):
    token: str
    logprob: float
    bytes: Optional[List[int]] = None


class TokenLogprob(msgspec.Struct):
    token: str
    logprob: float
    bytes: Optional[List[int]] = None
    top_logprobs: List[TopLogprob] = []


class Logprobs(msgspec.Struct):
    content: Optional[List[TokenLogprob]] = None
    refusal: Optional[List[TokenLogprob]] = None


class Message(msgspec.Struct):
    role: str
    content: Optional[str] = None
    refusal: Optional[str] = None


class Choice(msgspec.Struct):
    index: int
    message: Message
    finish_reason: Optional[str] = None
    logprobs: Optional[Logprobs] = None


class Usage(msgspec.Struct):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(msgspec.Struct):
    id: str
    object: str
    created: int
    model: str
    choices: List[Choice]
    usage: Optional[Usage] = None
    service_tier: Optional[str] = None
    system_fingerprint: Optional[str] = None


class Delta(msgspec.Struct):
    role: Optional[str] = None
    content: Optional[str] = None
    refusal: Optional[str] = None


class ChunkChoice(msgspec.Struct):
    index: int
    delta: Delta
    finish_reason: Optional[str] = None
    logprobs: Optional[Logprobs] = None


class ChatCompletionChunk(msgspec.Struct):
    id: str
    object: str
    created: int
    model: str
    choices: List[ChunkChoice]
    usage: Optional[Usage] = None
    service_tier: Optional[str] = None
    system_fingerprint: Optional[str] = None
    obfuscation: Optional[str] = None


class Embedding(msgspec.Struct):
    embedding: Union[List[float], str]
    index: int
    object: str


class EmbeddingUsage(msgspec.Struct):
    prompt_tokens: int
    total_tokens: int


class EmbeddingResponse(msgspec.Struct):
    data: List[Embedding]
    model: str
    object: str
    usage: EmbeddingUsage


COMPLETION = msgspec.json.Decoder(ChatCompletion)
CHUNK = msgspec.json.Decoder(ChatCompletionChunk)
EMBEDDINGS = msgspec.json.Decoder(EmbeddingResponse)
ENCODER = msgspec.json.Encoder()
