"""Streaming: the sans-IO server-sent-events decoder and the stream classes of each API."""
