"""The sans-IO chunked-coding decoder: framing rules, any split of the input, broken framing."""

from __future__ import annotations

from typing import List

import pytest

from openai_compat._internals import ChunkedDecoder, ChunkedError

WIRE = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n1A\r\n" + b"z" * 26 + b"\r\n0\r\nTrailer: x\r\n\r\n"
PAYLOAD = b"hello, world" + b"z" * 26


def decode_in_pieces(pieces: List[bytes]) -> bytes:
    decoder = ChunkedDecoder()
    out = b"".join(decoder.feed(piece) for piece in pieces)
    assert decoder.done
    return out


def test_whole_body_with_extensions_and_trailers() -> None:
    assert decode_in_pieces([WIRE]) == PAYLOAD


@pytest.mark.parametrize("cut", range(1, len(WIRE)))
def test_split_at_every_byte_boundary(cut: int) -> None:
    assert decode_in_pieces([WIRE[:cut], WIRE[cut:]]) == PAYLOAD


def test_one_byte_at_a_time_and_bare_lf_lines() -> None:
    assert decode_in_pieces([bytes([b]) for b in WIRE]) == PAYLOAD
    assert decode_in_pieces([b"3\nabc\r\n0\n\n"]) == b"abc"


def test_done_only_after_the_blank_line_ending_the_trailers() -> None:
    decoder = ChunkedDecoder()
    assert decoder.feed(b"2\r\nhi\r\n0\r\n") == b"hi"
    assert not decoder.done
    assert decoder.feed(b"\r\n") == b"" and decoder.done


@pytest.mark.parametrize(
    "wire",
    [b"zz\r\nabc", b"\r\n", b"-1\r\n", b"3\r\nabcXY", b"1" * 17 + b"\r\n", b"5" * 9000],
    ids=["not-hex", "empty-size", "negative", "no-crlf-after-data", "too-many-digits", "endless-size-line"],
)
def test_broken_framing_raises(wire: bytes) -> None:
    with pytest.raises(ChunkedError):
        ChunkedDecoder().feed(wire)
