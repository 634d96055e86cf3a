"""``openai-compat doctor``: check the configuration and what the server supports, one line per check,
each failure followed by how to fix it. Exit status 1 when a check failed."""

from __future__ import annotations

import argparse
import os
import re
import time
from typing import Any, Callable, Dict, List, Optional, TextIO, Tuple
from urllib.parse import urlsplit

import msgspec

from .. import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Client,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    StructuredOutputError,
)
from ._explain import connection_fix

__all__ = ["Doctor", "run_doctor"]

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"
DEFAULT_TIMEOUT = 30.0  # the doctor should answer in seconds, not wait out the client's 10 minutes
_VERSION_SEGMENT = re.compile(r"/v\d+[a-z0-9]*(/|$)")
_ASK_OK = [{"role": "user", "content": "Reply with the single word OK."}]


class Capital(msgspec.Struct):
    """The structured answer the doctor asks for."""

    city: str
    country: str


class Check(msgspec.Struct):
    name: str
    status: str
    detail: str
    fix: str = ""


class Doctor:
    """Runs the checks in order; a check that cannot run after an earlier failure is skipped."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.checks: List[Check] = []
        self.base_url, self.base_source = _setting(args, "base_url", "OPENAI_BASE_URL")
        self.key, self.key_source = _setting(args, "api_key", "OPENAI_API_KEY")
        self.client: Optional[Client] = None
        self.listed: List[str] = []
        self.reachable = True

    def report(self, name: str, status: str, detail: str, fix: str = "") -> None:
        check = Check(name, status, detail, fix)
        self.checks.append(check)
        self.out.write(f"  {status:<5} {name:<20} {detail}\n")
        if fix:
            self.out.write(f"  {'':<5} {'':<20} fix: {fix}\n")
        self.out.flush()

    def run(self) -> int:
        self.out.write("openai-compat doctor\n")
        if self.check_configuration():
            self.check_models()
            model = self.choose_model()
            self.check_call("chat completion", model, self.chat_once)
            self.check_call("streaming", model, self.chat_streamed)
            self.check_call("structured outputs", model, self.parse_capital)
            assert self.client is not None
            self.client.close()
        counts = {status: sum(check.status == status for check in self.checks) for status in (OK, WARN, FAIL)}
        summary = f"{counts[OK]} of {len(self.checks)} checks passed"
        if counts[WARN]:
            summary += f", {counts[WARN]} with a warning"
        summary += f", {counts[FAIL]} failed" if counts[FAIL] else ", none failed"
        self.out.write(summary + ".\n")
        return 1 if counts[FAIL] else 0

    # -- configuration -------------------------------------------------------------------------

    def check_configuration(self) -> bool:
        url = self.base_url or "https://api.openai.com/v1"
        source = self.base_source or "the default"
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            fix = "give the whole URL with its scheme and the API version, e.g. http://localhost:8000/v1"
            self.report("base URL", FAIL, f"{url!r} (from {source}) is not an http(s) URL", fix)
            return False
        self.report("base URL", OK, f"{url} (from {source})")
        if self.key:
            self.report("API key", OK, f"set (from {self.key_source}, {len(self.key)} characters)")
        else:
            fix = "export OPENAI_API_KEY=...; a local server that checks no key takes any value, e.g. EMPTY"
            self.report("API key", FAIL, "not set (the checks below go on with the key EMPTY)", fix)
        options: Dict[str, Any] = {"api_key": self.key or "EMPTY", "base_url": url}
        options["timeout"] = getattr(self.args, "timeout", DEFAULT_TIMEOUT)
        options["max_retries"] = getattr(self.args, "max_retries", 1)
        for name in ("organization", "project"):
            if hasattr(self.args, name):
                options[name] = getattr(self.args, name)
        try:
            self.client = Client(**options)
        except (OpenAIError, ValueError, TypeError) as exc:
            self.report("client", FAIL, str(exc), "correct the setting the message names")
            return False
        return True

    # -- the server ----------------------------------------------------------------------------

    def check_models(self) -> None:
        assert self.client is not None
        started = time.monotonic()
        try:
            page = self.client.models.list()
        except OpenAIError as exc:
            detail, fix = self.explain(exc, "models")
            self.report("GET /models", FAIL, detail, fix)
            if isinstance(exc, (APIConnectionError, AuthenticationError)):
                self.reachable = False
            return
        self.listed = [model.id for model in page.data]
        shown = ", ".join(self.listed[:5]) + (", ..." if len(self.listed) > 5 else "")
        elapsed = time.monotonic() - started
        if self.listed:
            self.report("GET /models", OK, f"{len(self.listed)} models in {elapsed:.1f} s: {shown}")
        else:
            self.report("GET /models", WARN, "the server lists no model", "load a model, or pass --model NAME")

    def choose_model(self) -> Optional[str]:
        model = self.args.model or os.environ.get("OPENAI_MODEL")
        if model:
            source = "--model" if self.args.model else "OPENAI_MODEL"
            if self.listed and model not in self.listed:
                fix = "check the name against `openai-compat models` (the calls below may fail)"
                self.report("model", WARN, f"{model} (from {source}) is not among /models", fix)
            else:
                self.report("model", OK, f"{model} (from {source})")
            return str(model)
        if self.listed:
            self.report("model", OK, f"{self.listed[0]} (the first of /models; choose with --model or OPENAI_MODEL)")
            return self.listed[0]
        if self.reachable:
            self.report("model", FAIL, "none given and none listed", "pass --model NAME or set OPENAI_MODEL")
        return None

    def check_call(self, name: str, model: Optional[str], call: Callable[[str], Tuple[str, str]]) -> None:
        if not self.reachable:
            self.report(name, SKIP, "the server did not accept the connection or the key")
            return
        if model is None:
            self.report(name, SKIP, "no model to ask")
            return
        started = time.monotonic()
        try:
            status, detail = call(model)
        except OpenAIError as exc:
            detail, fix = self.explain(exc, name)
            self.report(name, FAIL, detail, fix)
            if isinstance(exc, APIConnectionError):
                self.reachable = False
            return
        self.report(name, status, f"{detail} ({time.monotonic() - started:.1f} s)")

    def chat_once(self, model: str) -> Tuple[str, str]:
        assert self.client is not None
        completion = self.client.chat.completions.create(model=model, messages=_ASK_OK)
        if not completion.choices:
            return WARN, "the answer has no choices"
        text = completion.choices[0].message.content_text
        status = OK if text.strip() else WARN
        return status, f"answered {_snippet(text)} (finish_reason {completion.choices[0].finish_reason})"

    def chat_streamed(self, model: str) -> Tuple[str, str]:
        assert self.client is not None
        started = time.monotonic()
        first: Optional[float] = None
        count = 0
        pieces: List[str] = []
        with self.client.chat.completions.create(model=model, messages=_ASK_OK, stream=True) as stream:
            for chunk in stream:
                count += 1
                first = time.monotonic() - started if first is None else first
                pieces.extend(choice.delta.content_text for choice in chunk.choices)
        if count == 0:
            return FAIL, "the stream ended without an event"
        text = "".join(pieces)
        status = OK if text.strip() else WARN
        return status, f"{count} chunks, the first after {first or 0:.1f} s: {_snippet(text)}"

    def parse_capital(self, model: str) -> Tuple[str, str]:
        assert self.client is not None
        messages = [{"role": "user", "content": "Which city is the capital of France? Answer in JSON."}]
        try:
            completion = self.client.chat.completions.parse(model=model, messages=messages, response_format=Capital)
        except (LengthFinishReasonError, ContentFilterFinishReasonError) as exc:
            return WARN, f"no parsed answer: {exc}"
        answer = completion.choices[0].message.parsed if completion.choices else None
        if answer is None:
            return WARN, "the model refused or sent no content"
        return OK, f"parsed Capital(city={answer.city!r}, country={answer.country!r})"

    # -- advice --------------------------------------------------------------------------------

    def explain(self, exc: OpenAIError, what: str) -> Tuple[str, str]:
        """A one-line account of ``exc`` and how to fix it."""
        url = self.client.base_url if self.client is not None else (self.base_url or "")
        message = _first_line(str(exc))
        if isinstance(exc, StructuredOutputError):
            fix = (
                "the server took response_format json_schema but did not hold the answer to it: use a server or "
                "model that supports structured outputs, or ask for {'type': 'json_object'} and validate it yourself"
            )
            return f"the answer does not fit the schema: {_snippet(exc.raw_body.decode('utf-8', 'replace'))}", fix
        if isinstance(exc, AuthenticationError):
            return message, f"the server refused the key from {self.key_source or 'nowhere'}: check OPENAI_API_KEY"
        if isinstance(exc, PermissionDeniedError):
            return message, "the key has no access to this: check its project, organization and model permissions"
        if isinstance(exc, NotFoundError):
            if what == "models" and not _VERSION_SEGMENT.search(urlsplit(url).path):
                return message, f"most servers serve the API under /v1: try --base-url {url.rstrip('/')}/v1"
            if what == "models":
                return message, "the server has no /models endpoint here: check the base URL's path"
            return message, "no such model here (`openai-compat models` lists them), or the server lacks this endpoint"
        if isinstance(exc, BadRequestError) and what == "structured outputs":
            return message, "the server rejects response_format json_schema: structured outputs are not supported there"
        if isinstance(exc, RateLimitError):
            return message, "rate-limited or out of quota: wait, or check the account's limits and billing"
        if isinstance(exc, APITimeoutError):
            return message, "no answer in time: the server may be loading the model; raise --timeout"
        if isinstance(exc, APIConnectionError):
            return message, connection_fix(exc, url)
        if isinstance(exc, APIStatusError):
            return message, "the server rejected the request: the message above says why"
        return message, ""


def _setting(args: argparse.Namespace, name: str, variable: str) -> Tuple[Optional[str], Optional[str]]:
    value = getattr(args, name, None)
    if value:
        return str(value), "--" + name.replace("_", "-")
    value = os.environ.get(variable)
    return (value, variable) if value else (None, None)


def _snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "(no message)"
    return line if len(line) <= limit else line[: limit - 3] + "..."


def run_doctor(args: argparse.Namespace, out: TextIO) -> int:
    return Doctor(args, out).run()
