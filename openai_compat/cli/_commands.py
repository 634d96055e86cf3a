"""The ``chat``, ``responses``, ``models`` and ``files`` commands: each takes a client and the parsed
arguments, writes to stdout (answers) and stderr (progress, hints), and returns the exit status."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from .. import UNSET, Client
from .progress import TerminalProgress, format_size

__all__ = ["UsageError", "chat", "files", "models", "read_prompt", "resolve_model", "responses"]


class UsageError(Exception):
    """A command cannot run as asked; the message says what to change."""


def resolve_model(args: argparse.Namespace) -> str:
    model = args.model or os.environ.get("OPENAI_MODEL")
    if not model:
        raise UsageError("no model: pass --model NAME or set OPENAI_MODEL (`openai-compat models` lists them)")
    return str(model)


def read_prompt(words: List[str]) -> str:
    """The prompt from the command line, or else all of standard input."""
    if words:
        return " ".join(words)
    if sys.stdin is None:
        raise UsageError("no prompt: give it as an argument or on standard input")
    if sys.stdin.isatty():
        sys.stderr.write("Type the prompt, then Ctrl-D on a line of its own:\n")
        sys.stderr.flush()
    text = sys.stdin.read()
    if not text.strip():
        raise UsageError("the prompt is empty: give it as an argument or on standard input")
    return text.rstrip("\n")


def _write_streamed(pieces: Iterable[str]) -> None:
    """Write text as it arrives and end with exactly one newline."""
    last = "\n"
    for piece in pieces:
        if piece:
            sys.stdout.write(piece)
            sys.stdout.flush()
            last = piece
    if not last.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def chat(client: Client, args: argparse.Namespace) -> int:
    model = resolve_model(args)
    messages: List[Dict[str, str]] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": read_prompt(args.prompt)})
    options: Dict[str, Any] = {
        "model": model,
        "messages": messages,
        "temperature": UNSET if args.temperature is None else args.temperature,
        "max_completion_tokens": UNSET if args.max_tokens is None else args.max_tokens,
    }
    if args.json or args.no_stream:
        completion = client.chat.completions.create(**options)
        if args.json:
            print(completion.to_json())
        else:
            _write_streamed(choice.message.content_text for choice in completion.choices[:1])
        return 0
    with client.chat.completions.create(stream=True, **options) as stream:
        _write_streamed(
            choice.delta.content_text for chunk in stream for choice in chunk.choices if choice.index == 0
        )
        final = stream.get_final_completion()
    reason = final.choices[0].finish_reason if final.choices else None
    if reason == "length":
        sys.stderr.write("(the answer was cut at the token limit: raise --max-tokens)\n")
    return 0


def responses(client: Client, args: argparse.Namespace) -> int:
    options: Dict[str, Any] = {
        "model": resolve_model(args),
        "input": read_prompt(args.prompt),
        "instructions": UNSET if args.instructions is None else args.instructions,
        "max_output_tokens": UNSET if args.max_tokens is None else args.max_tokens,
    }
    if args.json or args.no_stream:
        response = client.responses.create(**options)
        if args.json:
            print(response.to_json())
        else:
            _write_streamed([response.output_text])
        return 0
    with client.responses.create(stream=True, **options) as stream:
        _write_streamed(stream.text_deltas())
    return 0


def models(client: Client, args: argparse.Namespace) -> int:
    found = list(client.models.list())
    if args.json:
        print(json.dumps([model.to_dict() for model in found], indent=2))
    else:
        for model in found:
            print(model.id)
    if not found:
        sys.stderr.write("the server lists no model\n")
    return 0


def files(client: Client, args: argparse.Namespace) -> int:
    if args.files_command == "upload":
        return _upload(client, args)
    if args.files_command == "download":
        return _download(client, args)
    page = client.files.list(purpose=UNSET if args.purpose is None else args.purpose)
    listed = list(page.data)
    if args.json:
        print(json.dumps([item.to_dict() for item in listed], indent=2))
        return 0
    for item in listed:
        print(f"{item.id}\t{item.purpose}\t{format_size(item.bytes or 0)}\t{item.filename}")
    return 0


def _upload(client: Client, args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    progress = TerminalProgress(f"uploading {path.name}", sys.stderr)
    created = client.files.create(file=path, purpose=args.purpose, on_progress=progress)
    progress.finish()
    print(created.to_json() if args.json else created.id)
    return 0


def _download(client: Client, args: argparse.Namespace) -> int:
    output: Optional[str] = args.output
    if output is None:
        # The name it was uploaded with, without any folder a server may have kept in it.
        output = Path(client.files.retrieve(args.file_id).filename or args.file_id).name
    if output == "-":
        with client.files.content(args.file_id) as content:
            for piece in content.iter_bytes():
                sys.stdout.buffer.write(piece)
        sys.stdout.flush()
        return 0
    target = Path(output)
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists: pass --force to overwrite it, or -o PATH")
    progress = TerminalProgress(f"downloading {target.name}", sys.stderr)
    with client.files.content(args.file_id, on_progress=progress) as content:
        content.write_to_file(target)
    progress.finish()
    print(target)
    return 0
