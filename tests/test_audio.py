"""Audio resource functions against a MockTransport: the exact multipart upload of a transcription
or translation, the type each ``response_format`` decodes to, streamed transcription and speech
events, and speech audio streamed to a file with progress."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import pytest

from openai_compat import BinaryResponse, Client, FileUpload, Request, Response, RetryPolicy, Session, Stream
from openai_compat.resources import audio_speech, audio_transcriptions, audio_translations
from openai_compat.testing import MockTransport, error_response, json_response, request_json, sse_response
from openai_compat.types.audio import (
    AudioModel,
    AudioResponseFormat,
    SpeechModel,
    SpeechVoice,
    TimestampGranularity,
    Transcription,
    TranscriptionDiarized,
    TranscriptionInclude,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
    TranscriptionVerbose,
    Translation,
    TranslationVerbose,
    UnknownTranscriptionUsage,
)
from openai_compat.types.audio_events import (
    SpeechAudioDeltaEvent,
    SpeechAudioDoneEvent,
    TranscriptionTextDeltaEvent,
    TranscriptionTextDoneEvent,
    TranscriptionTextSegmentEvent,
    UnknownAudioEvent,
)

BASE = "https://api.openai.com/v1"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(16))
SEGMENT = {"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Hello.", "tokens": [50364, 2425],
           "temperature": 0.0, "avg_logprob": -0.28, "compression_ratio": 0.8, "no_speech_prob": 0.01}
DIARIZED = {"type": "transcript.text.segment", "id": "seg_1", "start": 0.0, "end": 2.5, "text": "Hi.", "speaker": "A"}
TOKENS = {"type": "tokens", "input_tokens": 14, "input_token_details": {"text_tokens": 10, "audio_tokens": 4},
          "output_tokens": 3, "total_tokens": 17}


def session_for(*responses: Any, retries: int = 0) -> Tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    policy = RetryPolicy(max_retries=retries, sleep=lambda seconds: None)
    return Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy), transport


def boundary_of(request: Request) -> str:
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    return content_type.split("boundary=", 1)[1]


def multipart(boundary: str, fields: List[Tuple[str, str]], filename: str, content_type: str, data: bytes) -> bytes:
    out = b""
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    out += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'.encode()
    out += f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def sent(request: Request) -> bytes:
    """The body a request sent (MockTransport records streamed bodies as their bytes)."""
    assert isinstance(request.body, bytes)
    return request.body


def text_response(text: str, content_type: str = "text/plain; charset=utf-8") -> Response:
    return Response(200, {"content-type": content_type}, content=text.encode("utf-8"))


# -- transcriptions: the request ----------------------------------------------------------------


def test_transcription_sends_every_field_as_openai_python_does() -> None:
    session, transport = session_for(json_response({"text": "Hello."}))
    result = audio_transcriptions.create(
        session,
        file=("speech.wav", WAV),
        model=AudioModel.GPT_4O_TRANSCRIBE,
        chunking_strategy={"type": "server_vad", "threshold": 0.5},
        include=[TranscriptionInclude.LOGPROBS],
        known_speaker_names=("agent", "customer"),
        known_speaker_references=["data:audio/wav;base64,AAAA", "data:audio/wav;base64,BBBB"],
        language="en",
        prompt="Greetings",
        response_format=AudioResponseFormat.JSON,
        temperature=0.2,
        timestamp_granularities=[TimestampGranularity.WORD, TimestampGranularity.SEGMENT],
    )
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/audio/transcriptions")
    boundary = boundary_of(request)
    assert len(boundary) == 32
    fields = [
        ("model", "gpt-4o-transcribe"), ("chunking_strategy[type]", "server_vad"),
        ("chunking_strategy[threshold]", "0.5"), ("include[]", "logprobs"),
        ("known_speaker_names[]", "agent"), ("known_speaker_names[]", "customer"),
        ("known_speaker_references[]", "data:audio/wav;base64,AAAA"),
        ("known_speaker_references[]", "data:audio/wav;base64,BBBB"),
        ("language", "en"), ("prompt", "Greetings"), ("response_format", "json"), ("temperature", "0.2"),
        ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment"),
    ]
    assert request.body == multipart(boundary, fields, "speech.wav", "audio/x-wav", WAV)
    assert request.headers["Content-Length"] == str(len(request.body))
    assert isinstance(result, Transcription) and result.text == "Hello."


def test_transcription_of_a_path_streams_the_file_and_reports_progress(tmp_path: Path) -> None:
    path = tmp_path / "meeting.wav"
    path.write_bytes(WAV * 100)
    session, transport = session_for(json_response({"text": "ok"}))
    progress: List[Tuple[int, Optional[int]]] = []
    audio_transcriptions.create(session, file=path, model="whisper-1", on_progress=lambda d, t: progress.append((d, t)))
    request = transport.requests[0]
    fields = [("model", "whisper-1")]
    assert request.body == multipart(boundary_of(request), fields, "meeting.wav", "audio/x-wav", WAV * 100)
    assert progress[0] == (0, len(request.body)) and progress[-1] == (len(request.body), len(request.body))


def test_transcription_replays_a_rewound_file_on_retry() -> None:
    handle = io.BytesIO(b"ignored-prefix" + WAV)
    handle.seek(len(b"ignored-prefix"))
    session, transport = session_for(error_response(500), json_response({"text": "ok"}), retries=1)
    upload = FileUpload(handle, filename="take.mp3")
    assert audio_transcriptions.create(session, file=upload, model="whisper-1").text == "ok"
    first, second = transport.requests
    assert isinstance(first.body, bytes) and first.body == second.body
    tail = b"Content-Type: audio/mpeg\r\n\r\n" + WAV + b"\r\n--" + boundary_of(first).encode() + b"--\r\n"
    assert first.body.endswith(tail)


def test_a_str_file_is_refused_before_anything_is_sent() -> None:
    session, transport = session_for()
    with pytest.raises(TypeError):
        audio_transcriptions.create(session, file="speech.wav", model="whisper-1")  # type: ignore[call-overload]
    assert transport.requests == []


# -- transcriptions: what each response_format decodes to ----------------------------------------


def test_json_is_a_transcription_with_typed_usage_and_logprobs() -> None:
    body = {"text": "Hello.", "logprobs": [{"token": "Hello", "logprob": -0.1, "bytes": [72.0, 101.0]}],
            "languages": [{"code": "en"}], "usage": TOKENS, "x_provider": 1}
    session, _ = session_for(json_response(body))
    result = audio_transcriptions.create(session, file=WAV, model="gpt-4o-transcribe")
    assert isinstance(result, Transcription)
    assert isinstance(result.usage, TranscriptionUsageTokens) and result.usage.total_tokens == 17
    assert result.usage.input_token_details is not None and result.usage.input_token_details.audio_tokens == 4
    assert result.logprobs is not None and result.logprobs[0].token == "Hello"
    assert result.languages is not None and result.languages[0].code == "en"
    assert result.extra == {"x_provider": 1} and result.to_dict() == body


def test_verbose_json_is_a_verbose_transcription() -> None:
    body = {"task": "transcribe", "language": "english", "duration": 1.5, "text": "Hello.", "segments": [SEGMENT],
            "words": [{"word": "Hello", "start": 0.0, "end": 0.5}], "usage": {"type": "duration", "seconds": 2}}
    session, transport = session_for(json_response(body))
    result = audio_transcriptions.create(session, file=WAV, model="whisper-1", response_format="verbose_json",
                                         timestamp_granularities=["word"])
    assert isinstance(result, TranscriptionVerbose)
    assert (result.language, result.duration, result.text) == ("english", 1.5, "Hello.")
    assert result.segments is not None and result.segments[0].tokens == [50364, 2425]
    assert result.words is not None and result.words[0].word == "Hello"
    assert isinstance(result.usage, TranscriptionUsageDuration) and result.usage.seconds == 2
    assert b'name="response_format"\r\n\r\nverbose_json\r\n' in sent(transport.requests[0])


def test_diarized_json_is_a_diarized_transcription() -> None:
    body = {"task": "transcribe", "duration": 2.5, "text": "A: Hi.", "segments": [DIARIZED],
            "usage": {"type": "per_minute", "minutes": 1}}
    session, _ = session_for(json_response(body))
    result = audio_transcriptions.create(session, file=WAV, model=AudioModel.GPT_4O_TRANSCRIBE_DIARIZE,
                                         response_format="diarized_json", chunking_strategy="auto")
    assert isinstance(result, TranscriptionDiarized)
    assert [(s.speaker, s.text, s.end) for s in result.segments] == [("A", "Hi.", 2.5)]
    assert isinstance(result.usage, UnknownTranscriptionUsage)  # a usage kind not known here, kept whole
    assert result.usage.raw == {"type": "per_minute", "minutes": 1}


@pytest.mark.parametrize(
    ("response_format", "body"),
    [("text", "Hello.\n"), ("srt", "1\n00:00:00,000 --> 00:00:01,500\nHello.\n\n"),
     ("vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello.\n"), ("lrc", "[00:00.00]Hello.\n")],
)
def test_text_formats_are_returned_as_str(response_format: str, body: str) -> None:
    session, transport = session_for(text_response(body), text_response(body))
    assert audio_transcriptions.create(session, file=WAV, model="whisper-1", response_format=response_format) == body
    # Asked through extra_body, the format decides the result type too.
    through_extra: Any = audio_transcriptions.create(session, file=WAV, model="whisper-1",
                                                     extra_body={"response_format": response_format})
    assert through_extra == body
    field = f'name="response_format"\r\n\r\n{response_format}\r\n'.encode()
    assert all(field in sent(r) for r in transport.requests)


def test_an_error_status_raises_as_usual() -> None:
    from openai_compat import BadRequestError

    session, _ = session_for(error_response(400, "Invalid file format.", param="file"))
    with pytest.raises(BadRequestError, match="Invalid file format"):
        audio_transcriptions.create(session, file=WAV, model="whisper-1")


# -- transcriptions: streamed --------------------------------------------------------------------


def test_streamed_transcription_yields_typed_events() -> None:
    events = [
        {"type": "transcript.text.delta", "delta": "Hel",
         "logprobs": [{"token": "Hel", "logprob": -0.2, "bytes": [72]}]},
        {"type": "transcript.text.delta", "delta": "lo.", "segment_id": "seg_1"},
        {**DIARIZED},
        {"type": "transcript.text.future", "what": "new"},
        {"type": "transcript.text.done", "text": "Hello.", "usage": TOKENS},
    ]
    session, transport = session_for(sse_response(events, done=False, chunk_sizes=[7]))
    stream = audio_transcriptions.create(session, file=("a.wav", WAV), model="gpt-4o-mini-transcribe", stream=True,
                                         include=["logprobs"])
    assert isinstance(stream, Stream)
    received = list(stream)
    request = transport.requests[0]
    assert request.headers["Accept"] == "text/event-stream"
    fields = [("model", "gpt-4o-mini-transcribe"), ("include[]", "logprobs"), ("stream", "true")]
    assert request.body == multipart(boundary_of(request), fields, "a.wav", "audio/x-wav", WAV)
    delta, delta2, segment, unknown, done = received
    assert isinstance(delta, TranscriptionTextDeltaEvent) and delta.logprobs and delta.logprobs[0].bytes == [72]
    assert isinstance(delta2, TranscriptionTextDeltaEvent) and delta2.segment_id == "seg_1"
    assert isinstance(segment, TranscriptionTextSegmentEvent) and segment.speaker == "A"
    assert isinstance(unknown, UnknownAudioEvent) and unknown.raw == {"type": "transcript.text.future", "what": "new"}
    assert isinstance(done, TranscriptionTextDoneEvent) and done.text == "Hello."
    assert isinstance(done.usage, TranscriptionUsageTokens) and done.usage.output_tokens == 3
    assert "".join(e.delta for e in received if isinstance(e, TranscriptionTextDeltaEvent)) == "Hello."


# -- translations --------------------------------------------------------------------------------


def test_translation_fields_and_result_types() -> None:
    verbose = {"language": "english", "duration": 1.5, "text": "Hello.", "segments": [SEGMENT]}
    session, transport = session_for(
        json_response({"text": "Hello."}), json_response(verbose), text_response("Hello.\n")
    )
    plain = audio_translations.create(session, file=("german.mp3", b"\x00\x01"), model="whisper-1", prompt="Hi",
                                      temperature=0)
    assert isinstance(plain, Translation) and plain.text == "Hello."
    request = transport.requests[0]
    assert request.url == f"{BASE}/audio/translations"
    fields = [("model", "whisper-1"), ("prompt", "Hi"), ("temperature", "0")]
    assert request.body == multipart(boundary_of(request), fields, "german.mp3", "audio/mpeg", b"\x00\x01")
    detailed = audio_translations.create(session, file=WAV, model="whisper-1", response_format="verbose_json")
    assert isinstance(detailed, TranslationVerbose) and detailed.segments and detailed.segments[0].text == " Hello."
    assert audio_translations.create(session, file=WAV, model="whisper-1", response_format="srt") == "Hello.\n"


# -- speech --------------------------------------------------------------------------------------


class _Chunks:
    def __init__(self, pieces: List[bytes]) -> None:
        self.pieces = pieces
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces

    def close(self) -> None:
        self.closed = True


def test_speech_streams_audio_to_a_file_with_progress(tmp_path: Path) -> None:
    audio = bytes(range(256)) * 40
    pieces = [audio[i : i + 1000] for i in range(0, len(audio), 1000)]
    body = _Chunks(pieces)
    headers = {"content-type": "audio/mpeg", "content-length": str(len(audio)), "x-request-id": "req_1"}
    session, transport = session_for(Response(200, headers, stream=body))
    progress: List[Tuple[int, Optional[int]]] = []
    speech = audio_speech.create(session, input="Hello there.", model=SpeechModel.GPT_4O_MINI_TTS,
                                 voice=SpeechVoice.CORAL, instructions="Cheerful.", response_format="mp3", speed=1.25,
                                 on_progress=lambda d, t: progress.append((d, t)))
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/audio/speech")
    assert request.headers["Accept"] == "application/octet-stream"
    assert request_json(request) == {"input": "Hello there.", "model": "gpt-4o-mini-tts", "voice": "coral",
                                     "instructions": "Cheerful.", "response_format": "mp3", "speed": 1.25}
    assert isinstance(speech, BinaryResponse) and speech.request_id == "req_1"
    assert progress == []  # nothing read yet: the body is still on the wire
    target = tmp_path / "speech.mp3"
    assert speech.write_to_file(target) == len(audio)
    assert target.read_bytes() == audio and not (tmp_path / "speech.mp3.part").exists()
    assert progress[0] == (0, len(audio)) and progress[-1] == (len(audio), len(audio))
    assert len(progress) == len(pieces) + 1 and body.closed


def test_speech_with_a_custom_voice_iterates_bytes() -> None:
    session, transport = session_for(Response(200, {"content-type": "audio/wav"}, stream=_Chunks([b"ab", b"cd"])))
    speech = audio_speech.create(session, input="Hi", model="tts-1", voice={"id": "voice_1234"}, stream_format="audio")
    assert b"".join(speech.iter_bytes()) == b"abcd"
    assert request_json(transport.requests[0])["voice"] == {"id": "voice_1234"}


def test_speech_sse_yields_typed_events() -> None:
    chunk = base64.b64encode(b"\x00\x01\x02").decode()
    events = [{"type": "speech.audio.delta", "audio": chunk}, {"type": "speech.audio.other", "n": 1},
              {"type": "speech.audio.done", "usage": {"input_tokens": 3, "output_tokens": 9, "total_tokens": 12}}]
    session, transport = session_for(sse_response(events, done=False))
    stream = audio_speech.create(session, input="Hi", model="gpt-4o-mini-tts", voice="alloy", stream_format="sse")
    delta, unknown, done = list(stream)
    request = transport.requests[0]
    assert request.headers["Accept"] == "text/event-stream"
    assert request_json(request) == {"input": "Hi", "model": "gpt-4o-mini-tts", "voice": "alloy",
                                     "stream_format": "sse"}
    assert isinstance(delta, SpeechAudioDeltaEvent) and delta.audio_bytes() == b"\x00\x01\x02"
    assert isinstance(unknown, UnknownAudioEvent) and unknown.type == "speech.audio.other"
    assert isinstance(done, SpeechAudioDoneEvent) and done.usage is not None and done.usage.total_tokens == 12


# -- the facade ----------------------------------------------------------------------------------


def test_client_audio_forwards_to_the_resources() -> None:
    transport = MockTransport(responses=[json_response({"text": "ok"}), text_response("ok\n"),
                                         Response(200, {}, content=b"ID3")])
    client = Client(api_key="sk-test", transport=transport)
    transcription = client.audio.transcriptions.create(file=WAV, model="whisper-1")
    assert isinstance(transcription, Transcription)
    assert client.audio.translations.create(file=WAV, model="whisper-1", response_format="text") == "ok\n"
    assert client.audio.speech.create(input="Hi", model="tts-1", voice="alloy").content == b"ID3"
    assert [r.url.rsplit("/", 2)[-2:] for r in transport.requests] == [
        ["audio", "transcriptions"], ["audio", "translations"], ["audio", "speech"]]


def test_the_package_does_not_import_audio_until_used() -> None:
    code = (
        "import sys; from openai_compat import Client; c = Client(api_key='k', base_url='http://127.0.0.1:9'); "
        "before = [m for m in sys.modules if 'audio' in m]; c.audio.speech; "
        "print(before, 'openai_compat.resources.audio_transcriptions' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[] True"
