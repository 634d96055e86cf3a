"""The ``openai-compat`` command line (also ``python -m openai_compat``).

    openai-compat chat -m gpt-4o-mini "Why is the sky blue?"     # streams the answer
    echo "Summarize: ..." | openai-compat chat -m llama3.1        # the prompt from stdin
    openai-compat models
    openai-compat files upload batch.jsonl --purpose batch
    openai-compat files download file-abc123 -o out.jsonl
    openai-compat responses -m gpt-4o-mini "Hello"
    openai-compat doctor                                           # what works, and how to fix the rest

Exit status: 0 on success, 1 when the API call failed, 2 for a usage error, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Dict, Optional, Sequence

from .. import Client, OpenAIError
from ._commands import UsageError, chat, files, models, responses
from ._doctor import run_doctor
from ._explain import error_hint
from ._parser import build_parser

__all__ = ["main"]

_COMMANDS: Dict[str, Callable[[Client, argparse.Namespace], int]] = {
    "chat": chat,
    "files": files,
    "models": models,
    "responses": responses,
}
_CONNECTION = ("api_key", "base_url", "organization", "project", "timeout", "max_retries")


def _client(args: argparse.Namespace) -> Client:
    options: Dict[str, Any] = {name: getattr(args, name) for name in _CONNECTION if hasattr(args, name)}
    return Client(**options)


def _fail(message: str, hint: str = "") -> None:
    sys.stderr.write(f"openai-compat: error: {message}\n")
    if hint:
        sys.stderr.write(f"openai-compat: {hint}\n")
    sys.stderr.flush()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    client: Optional[Client] = None
    try:
        if args.command == "doctor":
            return run_doctor(args, sys.stdout)
        try:
            client = _client(args)
        except (TypeError, ValueError) as exc:  # a setting the client refuses, such as a malformed URL
            raise UsageError(str(exc)) from exc
        return _COMMANDS[args.command](client, args)
    except UsageError as exc:
        _fail(str(exc))
        return 2
    except OpenAIError as exc:
        base_url = client.base_url if client is not None else getattr(args, "base_url", "")
        _fail(str(exc), error_hint(exc, base_url or ""))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit
        # when it flushes stdout into the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file that cannot be read or written
        _fail(str(exc))
        return 1
    finally:
        if client is not None:
            client.close()
