"""The sans-IO SSE decoder against the WHATWG event-stream rules, split at every byte boundary."""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openai_compat import ServerSentEvent, SSEDecoder

BOM = b"\xef\xbb\xbf"
Ev = Tuple[Optional[str], bytes, Optional[str], Optional[int]]


def decode(*pieces: bytes) -> List[ServerSentEvent]:
    decoder = SSEDecoder()
    events: List[ServerSentEvent] = []
    for piece in pieces:
        events.extend(decoder.feed(piece))
    events.extend(decoder.end())
    return events


def decode_split(body: bytes, cuts: Iterable[int]) -> List[ServerSentEvent]:
    bounds = [0, *cuts, len(body)]
    return decode(*(body[a:b] for a, b in zip(bounds, bounds[1:])))


def as_tuples(events: List[ServerSentEvent]) -> List[Ev]:
    return [(e.event, e.raw_data, e.id, e.retry) for e in events]


def datas(events: List[ServerSentEvent]) -> List[bytes]:
    return [e.raw_data for e in events]


# -- line endings ---------------------------------------------------------------------------


@pytest.mark.parametrize("eol", [b"\n", b"\r", b"\r\n"])
def test_each_line_ending(eol: bytes) -> None:
    body = b"data: a" + eol + eol + b"data: b" + eol + b"data: c" + eol + eol
    assert datas(decode(body)) == [b"a", b"b\nc"]


def test_mixed_line_endings_in_one_stream() -> None:
    body = b"data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r"
    assert datas(decode(body)) == [b"a\nb\nc", b"d"]


def test_cr_then_crlf_is_two_line_endings() -> None:
    # "data: a" CR ends the line; the following CRLF is a blank line that dispatches.
    assert datas(decode(b"data: a\r\r\ndata: b\r\n\r\n")) == [b"a", b"b"]


def test_crlf_split_across_two_feeds_is_one_line_ending() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    # Were the LF a second line ending, this would be a blank line and "a" would dispatch alone.
    assert decoder.feed(b"\ndata: b\r") == []
    assert decoder.feed(b"\n") == []
    assert datas(decoder.feed(b"\r")) == [b"a\nb"]
    assert decoder.feed(b"\n") == []  # the LF of that CRLF, not another blank line
    assert decoder.end() == []


def test_lone_cr_at_chunk_end_followed_by_text() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert datas(decoder.feed(b"\r")) == [b"a"]
    assert datas(decoder.feed(b"data: b\r\r")) == [b"b"]


def test_unicode_line_separators_are_data_not_line_breaks() -> None:
    # U+2028, U+2029, NEL, VT, FF, FS: str.splitlines() would break on all of them; SSE must not.
    text = "a\u2028b\u2029c\x85d\x0be\x0cf\x1cg"
    events = decode(b"data: " + text.encode("utf-8") + b"\n\n")
    assert [e.data for e in events] == [text]


def test_leading_blank_lines_dispatch_nothing() -> None:
    assert datas(decode(b"\n\r\n\r\n\r\ndata: x\n\n")) == [b"x"]


# -- fields ---------------------------------------------------------------------------------


def test_comments_are_ignored_also_between_data_lines() -> None:
    body = b": OPENROUTER PROCESSING\n\n:\n\ndata: a\n: keep-alive\ndata: b\n\n"
    assert datas(decode(body)) == [b"a\nb"]


def test_data_with_and_without_space() -> None:
    body = b'data:{"a":1}\n\ndata: {"a":2}\n\ndata:  two\n\ndata:trail \n\ndata:\tx\n\n'
    assert datas(decode(body)) == [b'{"a":1}', b'{"a":2}', b" two", b"trail ", b"\tx"]


def test_multi_line_data_joined_with_lf() -> None:
    assert datas(decode(b"data: a\ndata: b\ndata: c\n\n")) == [b"a\nb\nc"]


def test_empty_data_lines() -> None:
    body = b"data\n\ndata:\n\ndata: \n\ndata:\ndata:\n\ndata: a\ndata:\n\n"
    assert datas(decode(body)) == [b"", b"", b"", b"\n", b"a\n"]


def test_data_on_the_line_after_data_colon_is_a_separate_line() -> None:
    # Some servers send "data:\n{...}": the JSON line has no field name and is ignored (WHATWG).
    assert datas(decode(b'data:\n{"a":1}\n\n')) == [b""]


def test_event_type() -> None:
    events = decode(b"event: delta\ndata: a\n\ndata: b\n\nevent:\ndata: c\n\nevent:error\ndata: d\n\n")
    assert [e.event for e in events] == ["delta", None, None, "error"]


def test_id_is_sticky_and_nul_is_ignored() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\0x\ndata: c\n\nid\ndata: d\n\n")
    assert [e.id for e in events] == ["1", "1", "1", ""]
    assert decoder.last_event_id == ""
    decoder.feed(b"id: 9\n\n")  # no data: nothing dispatched, but the id is taken
    assert decoder.last_event_id == "9"
    assert [e.id for e in decoder.feed(b"data: e\n\n")] == ["9"]


def test_sticky_id_does_not_produce_empty_events() -> None:
    # openai-python dispatches an empty event for every extra blank line once an id was seen.
    assert datas(decode(b"id: 1\ndata: x\n\n\n\n\r\n")) == [b"x"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"retry: 1500", 1500),
        (b"retry:0", 0),
        (b"retry: 007", 7),
        (b"retry: 1.5", None),
        (b"retry: -1", None),
        (b"retry: 1e3", None),
        (b"retry: ", None),
        (b"retry", None),
        (b"retry:  15", None),
        (b"retry: 15 ", None),
        ("retry: \u0661\u0662".encode(), None),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_retry(line: bytes, expected: Optional[int]) -> None:
    [event] = decode(line + b"\ndata: x\n\n")
    assert event.retry == expected


def test_retry_and_event_do_not_leak_into_the_next_event() -> None:
    events = decode(b"event: a\nretry: 5\ndata: 1\n\ndata: 2\n\nevent: ping\nretry: 9\n\ndata: 3\n\n")
    assert as_tuples(events) == [("a", b"1", None, 5), (None, b"2", None, None), (None, b"3", None, None)]


def test_unknown_fields_and_case_are_ignored() -> None:
    body = b"Data: no\nDATA: no\nfoo: bar\nx\nevent : no\n data: no\ndata: yes\n\n"
    assert as_tuples(decode(body)) == [(None, b"yes", None, None)]


def test_no_dispatch_without_data_lines() -> None:
    assert decode(b"event: ping\n\nid: 3\n\nretry: 10\n\n: comment\n\n") == []


def test_value_keeps_later_colons() -> None:
    assert datas(decode(b'data: {"url": "http://x:80"}\n\n')) == [b'{"url": "http://x:80"}']


# -- byte-order mark and UTF-8 --------------------------------------------------------------


def test_bom_at_start_is_stripped() -> None:
    assert datas(decode(BOM + b"data: x\n\n")) == [b"x"]


@pytest.mark.parametrize("cut", [1, 2, 3, 4])
def test_bom_split_across_feeds(cut: int) -> None:
    body = BOM + b"data: x\n\n"
    assert datas(decode(body[:cut], body[cut:])) == [b"x"]


def test_bom_fed_byte_by_byte_and_alone() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"\xef") == []
    assert decoder.feed(b"\xbb") == []
    assert decoder.feed(b"\xbf") == []
    assert datas(decoder.feed(b"data: x\n\n")) == [b"x"]
    assert SSEDecoder().feed(BOM) == []  # exactly the BOM in one read


def test_only_one_bom_and_only_at_start() -> None:
    # A second BOM makes the first line's field name "\ufeffdata": unknown, so ignored.
    assert decode(BOM + BOM + b"data: x\n\n") == []
    assert datas(decode(b"data: a\n\n" + BOM + b"data: b\n\n")) == [b"a"]


def test_partial_bom_is_not_stripped() -> None:
    assert decode(b"\xef\xbbdata: x\n\n") == []
    assert decode(b"\xef\xbb") == []


def test_multi_byte_character_split_across_feeds() -> None:
    text = "h\u00e9\u20ac\U0001f600"  # 2-, 3- and 4-byte UTF-8
    body = b"data: " + text.encode("utf-8") + b"\n\n"
    for cut in range(len(body) + 1):
        assert [e.data for e in decode(body[:cut], body[cut:])] == [text]
    assert [e.data for e in decode(*(body[i : i + 1] for i in range(len(body))))] == [text]


def test_invalid_utf8_is_kept_as_bytes() -> None:
    [event] = decode(b"data: \xff\xfe\n\n")
    assert event.raw_data == b"\xff\xfe"
    with pytest.raises(UnicodeDecodeError):
        _ = event.data


# -- end of stream ----------------------------------------------------------------------------


@pytest.mark.parametrize("tail", [b"data: last", b"data: last\n", b"data: last\r", b"data: last\r\n"])
def test_end_flushes_a_last_event_without_blank_line(tail: bytes) -> None:
    decoder = SSEDecoder()
    assert datas(decoder.feed(b"data: first\n\n" + tail)) == [b"first"]
    assert datas(decoder.end()) == [b"last"]


def test_end_with_nothing_pending() -> None:
    decoder = SSEDecoder()
    assert decoder.end() == []
    assert decoder.feed(b"data: x\n\n") != []
    assert decoder.end() == []
    assert decode(b"data: x\n\n: trailing comment") == [ServerSentEvent(data=b"x")]
    assert decode(b"event: ping\n") == []


def test_end_flushes_a_field_line_before_dispatch() -> None:
    assert as_tuples(decode(b"data: a\nevent: last")) == [("last", b"a", None, None)]


def test_done_passes_through_as_data() -> None:
    events = decode(b'data: {"a":1}\n\ndata: [DONE]\n\ndata: {"a":2}\n\n')
    assert datas(events) == [b'{"a":1}', b"[DONE]", b'{"a":2}']


def test_empty_feed() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"") == []
    assert decoder.feed(b"data: x\r") == []
    assert decoder.feed(b"") == []  # does not forget the pending CR
    assert decoder.feed(b"\n") == []
    assert datas(decoder.feed(b"\n")) == [b"x"]


def test_large_event() -> None:
    payload = b"x" * (8 << 20)
    body = b"data: " + payload + b"\n\ndata: after\n\n"
    decoder = SSEDecoder()
    events: List[ServerSentEvent] = []
    for start in range(0, len(body), 64 << 10):
        events.extend(decoder.feed(body[start : start + (64 << 10)]))
    assert len(events) == 2
    assert events[0].raw_data == payload
    assert events[1].raw_data == b"after"


def test_server_sent_event_value_semantics() -> None:
    event = ServerSentEvent(event="e", data=b'{"a":1}', id="1", retry=3)
    assert event == ServerSentEvent(event="e", data=b'{"a":1}', id="1", retry=3)
    assert event != ServerSentEvent(event="e", data=b'{"a":1}', id="2", retry=3)
    assert event != "not an event"
    assert event.data == '{"a":1}'
    assert "ServerSentEvent(" in repr(event) and "'e'" in repr(event)


# -- the key property: splitting never changes the result -------------------------------------

STREAMS: List[Tuple[str, bytes, List[Ev]]] = [
    (
        "lf",
        b'data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n',
        [(None, b'{"a":1}', None, None), (None, b'{"a":2}', None, None), (None, b"[DONE]", None, None)],
    ),
    (
        "cr-only",
        b'data: {"a":1}\r\rdata: {"a":2}\r\r: ping\r\rdata: [DONE]\r\r',
        [(None, b'{"a":1}', None, None), (None, b'{"a":2}', None, None), (None, b"[DONE]", None, None)],
    ),
    (
        "crlf",
        b"event: delta\r\nid: 1\r\ndata: a\r\ndata: b\r\n\r\nretry: 10\r\ndata: c\r\n\r\n",
        [("delta", b"a\nb", "1", None), (None, b"c", "1", 10)],
    ),
    (
        "mixed",
        b"event: delta\r\nid: 7\rdata: \xe2\x80\xa8x\xf0\x9f\x98\x80\ndata:b\r\n\r:c\n\ndata: d\r\r\ndata:e\n\r",
        [("delta", "\u2028x\U0001f600\nb".encode(), "7", None), (None, b"d", "7", None), (None, b"e", "7", None)],
    ),
    (
        "bom",
        BOM + b"data: first\r\n\r\ndata: \xef\xbb\xbf\n\n",
        [(None, b"first", None, None), (None, BOM, None, None)],
    ),
    (
        "odd fields and unterminated tail",
        b"retry: 15\ndata\ndata:\ndata:  two\n\nid: 8\n\n: keep-alive\r\nevent: end\r\ndata: tail",
        [(None, b"\n\n two", None, 15), ("end", b"tail", "8", None)],
    ),
    (
        "cr before crlf",
        b"\r\n\n\rdata: a\r\r\ndata: b\r\n\r\n",
        [(None, b"a", None, None), (None, b"b", None, None)],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [s[1:] for s in STREAMS], ids=[s[0] for s in STREAMS])
def test_every_split_gives_the_same_events(body: bytes, expected: List[Ev]) -> None:
    assert as_tuples(decode(body)) == expected
    for cut in range(len(body) + 1):
        assert as_tuples(decode_split(body, [cut])) == expected, cut
    assert as_tuples(decode(*(body[i : i + 1] for i in range(len(body))))) == expected


@pytest.mark.parametrize(("body", "expected"), [s[1:] for s in STREAMS], ids=[s[0] for s in STREAMS])
def test_every_pair_of_splits_gives_the_same_events(body: bytes, expected: List[Ev]) -> None:
    for first in range(len(body) + 1):
        for second in range(first, len(body) + 1, 3):
            assert as_tuples(decode_split(body, [first, second])) == expected, (first, second)


# A line's text: anything but CR and LF (U+2028, NUL, astral characters included).
_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=12)


@st.composite
def _streams(draw: st.DrawFn) -> Tuple[bytes, List[Ev]]:
    """A random event stream and the events it must decode to."""
    lines: List[bytes] = []
    expected: List[Ev] = []
    last_id: Optional[str] = None

    def field(name: str, value: str) -> bytes:
        # "name:value" and "name: value" mean the same unless the value itself starts with a space.
        space = value.startswith(" ") or draw(st.booleans())
        return f"{name}:{' ' if space else ''}{value}".encode()

    for _ in range(draw(st.integers(0, 5))):
        values = draw(st.lists(_text, max_size=4))
        block = [field("data", value) for value in values]
        event = draw(st.none() | _text)
        id_ = draw(st.none() | _text.map(lambda s: s.replace("\0", "")))
        retry = draw(st.none() | st.integers(0, 10**9))
        extras: List[bytes] = []
        if event is not None:
            extras.append(field("event", event))
        if id_ is not None:
            extras.append(field("id", id_))
        if retry is not None:
            extras.append(field("retry", str(retry)))
        if draw(st.booleans()):
            extras.append(field("id", "ignored\0"))
        if draw(st.booleans()):
            extras.append(field("retry", "x1"))
        extras.extend(b":" + c.encode() for c in draw(st.lists(_text, max_size=2)))
        unknown = st.tuples(st.sampled_from(["foo", "Data", "ID"]), _text)
        extras.extend(field(name, value) for name, value in draw(st.lists(unknown, max_size=2)))
        for extra in extras:
            block.insert(draw(st.integers(0, len(block))), extra)
        if id_ is not None:
            last_id = id_
        if values:
            expected.append((event or None, "\n".join(values).encode(), last_id, retry))
        lines.extend(block)
        lines.append(b"")
    if draw(st.booleans()) and lines:
        lines.pop()  # the last event lacks its blank line: end() must flush it
    body = bytearray(BOM if draw(st.booleans()) else b"")
    previous = b""
    for line in lines:
        endings = [b"\r", b"\r\n"] if previous == b"\r" and not line else [b"\n", b"\r", b"\r\n"]
        previous = draw(st.sampled_from(endings))
        body += line + previous
    return bytes(body), expected


@settings(
    max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stream=_streams(), data=st.data())
def test_random_streams_split_anywhere(stream: Tuple[bytes, List[Ev]], data: st.DataObject) -> None:
    body, expected = stream
    cuts = sorted(data.draw(st.lists(st.integers(0, len(body)), max_size=8)))
    assert as_tuples(decode(body)) == expected
    assert as_tuples(decode_split(body, cuts)) == expected
