"""The ``openai-compat`` argument parser (argparse, no dependency)."""

from __future__ import annotations

import argparse

from .._version import __version__

__all__ = ["build_parser"]

DESCRIPTION = """\
Talk to the OpenAI API or any OpenAI-compatible server (vLLM, llama.cpp, Ollama, OpenRouter, ...)
from the terminal. The connection comes from OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_ORG_ID and
OPENAI_PROJECT_ID unless the options say otherwise; `openai-compat doctor` checks it."""


def _connection_options() -> argparse.ArgumentParser:
    """The connection options, accepted before or after the command name.

    Their defaults are SUPPRESS, so a value given in one place is not reset by the other parser.
    """
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection (defaults: the OPENAI_* environment variables)")
    suppress = argparse.SUPPRESS
    group.add_argument(
        "--base-url", default=suppress, metavar="URL",
        help="server URL with its API version, e.g. http://localhost:11434/v1 (OPENAI_BASE_URL)",
    )
    group.add_argument(
        "--api-key", default=suppress, metavar="KEY",
        help="API key (OPENAI_API_KEY; prefer the variable: a flag shows in the process list)",
    )
    group.add_argument("--organization", default=suppress, help="organization id (OPENAI_ORG_ID)")
    group.add_argument("--project", default=suppress, help="project id (OPENAI_PROJECT_ID)")
    group.add_argument("--timeout", default=suppress, type=float, metavar="SECONDS", help="per-request timeout")
    group.add_argument("--max-retries", default=suppress, type=int, metavar="N", help="retries (default 2)")
    return parent


def _model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--model", help="model name (default: OPENAI_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    connection = _connection_options()
    parser = argparse.ArgumentParser(
        prog="openai-compat", description=DESCRIPTION, parents=[connection],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"openai-compat {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    chat = commands.add_parser(
        "chat", parents=[connection], help="ask a chat model; the answer streams to the terminal",
        description="Ask a chat model. The prompt is read from standard input when none is given.",
    )
    chat.add_argument("prompt", nargs="*", help="the prompt (words are joined with spaces)")
    _model_option(chat)
    chat.add_argument("-s", "--system", help="a system message sent before the prompt")
    chat.add_argument("-t", "--temperature", type=float)
    chat.add_argument("--max-tokens", type=int, metavar="N", help="limit the answer (max_completion_tokens)")
    chat.add_argument("--no-stream", action="store_true", help="wait for the whole answer")
    chat.add_argument("--json", action="store_true", help="print the whole completion as JSON (no streaming)")

    responses = commands.add_parser(
        "responses", parents=[connection], help="ask through the Responses API",
        description="Create a response. The input is read from standard input when none is given.",
    )
    responses.add_argument("prompt", nargs="*", help="the input text")
    _model_option(responses)
    responses.add_argument("-i", "--instructions", help="system instructions")
    responses.add_argument("--max-tokens", type=int, metavar="N", help="limit the answer (max_output_tokens)")
    responses.add_argument("--no-stream", action="store_true", help="wait for the whole answer")
    responses.add_argument("--json", action="store_true", help="print the whole response as JSON (no streaming)")

    models = commands.add_parser("models", parents=[connection], help="list the models the server offers")
    models.add_argument("--json", action="store_true", help="print the models as JSON")

    _add_files(commands, connection)

    doctor = commands.add_parser(
        "doctor", parents=[connection], help="check the configuration and what the server supports",
        description="Check the base URL, the key, /models, a chat call, streaming and structured outputs "
        "against the configured server; print what works and how to fix what does not.",
    )
    _model_option(doctor)
    return parser


def _add_files(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], connection: argparse.ArgumentParser
) -> None:
    files = commands.add_parser("files", parents=[connection], help="upload, list and download files")
    actions = files.add_subparsers(dest="files_command", metavar="ACTION", required=True)

    upload = actions.add_parser("upload", parents=[connection], help="upload a file (progress on stderr)")
    upload.add_argument("path", help="the file to upload")
    upload.add_argument(
        "-p", "--purpose", required=True,
        help="assistants, batch, fine-tune, vision, user_data or evals",
    )
    upload.add_argument("--json", action="store_true", help="print the file object as JSON")

    download = actions.add_parser("download", parents=[connection], help="download a file's content")
    download.add_argument("file_id")
    download.add_argument(
        "-o", "--output", metavar="PATH", help="where to write it (default: the file's name; - for stdout)"
    )
    download.add_argument("--force", action="store_true", help="overwrite an existing file")

    listing = actions.add_parser("list", parents=[connection], help="list uploaded files")
    listing.add_argument("-p", "--purpose")
    listing.add_argument("--json", action="store_true", help="print the file objects as JSON")
