"""Test helpers for the local mock OpenAI API (Steady, started by ``scripts/mock``).

Steady validates every request against the OpenAPI spec and reports what it found twice: in the
response headers (``x-steady-request-valid``, ``x-steady-error-count``, ``x-steady-error-N-*``) and
in its JSON request log (one object per request, with a ``diagnostics`` list). ``MockAPICheck``
checks both: the headers of every response the session received, and the log entries written
between two marker requests sent at the start and the end of a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
MOCK_SCRIPT = ROOT / "scripts" / "mock"
MARKER_PATH = "/__openai_compat_test_marker__/"
# Starting may first install @stdy/cli with npm.
START_TIMEOUT = 300.0
LOG_TIMEOUT = 10.0

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class MockUnavailable(Exception):
    """The mock could not be started here (no bash, no npm, no spec, ...)."""


class MockServer:
    """A running mock: its base URL (no ``/v1``) and, when known, its JSON request log."""

    def __init__(self, url: str, log_path: Optional[Path] = None, run_dir: Optional[Path] = None) -> None:
        self.url = url.rstrip("/")
        self.log_path = log_path
        self.run_dir = run_dir  # set when these helpers started it, so they stop it too

    @classmethod
    def start(cls, run_dir: Path) -> MockServer:
        """Start Steady through ``scripts/mock start`` with its state in ``run_dir``."""
        bash = shutil.which("bash")
        if bash is None:
            raise MockUnavailable("bash is needed to run scripts/mock")
        try:
            done = subprocess.run(
                [bash, str(MOCK_SCRIPT), "start"],
                env=_script_env(run_dir),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise MockUnavailable(f"scripts/mock start took more than {START_TIMEOUT} s") from exc
        lines = done.stdout.split()
        if done.returncode != 0 or not lines:
            raise MockUnavailable(f"scripts/mock start failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return cls(lines[-1], run_dir / "steady.log", run_dir)

    def stop(self) -> None:
        if self.run_dir is None:
            return
        subprocess.run(
            ["bash", str(MOCK_SCRIPT), "stop"],
            env=_script_env(self.run_dir),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )

    def mark(self) -> str:
        """Send a request the log records with a unique path; returns that path."""
        path = MARKER_PATH + uuid.uuid4().hex
        try:
            _NO_PROXY.open(self.url + path, timeout=10).close()
        except urllib.error.HTTPError as exc:  # Steady answers 404 for an unknown path
            exc.close()
        return path

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size if self.log_path is not None else 0
        except FileNotFoundError:
            return 0

    def log_entries(self, offset: int, start: str, end: str) -> List[Dict[str, Any]]:
        """The request entries logged after the ``start`` marker and before the ``end`` marker."""
        assert self.log_path is not None
        deadline = time.monotonic() + LOG_TIMEOUT
        while True:
            with self.log_path.open("rb") as log:
                log.seek(offset)
                lines = log.read().splitlines()
            entries: List[Dict[str, Any]] = []
            inside = False
            for line in lines:
                try:
                    entry = json.loads(line)
                except ValueError:  # a line still being written, or not Steady's JSON
                    continue
                if not isinstance(entry, dict) or entry.get("type") != "request":
                    continue
                path = (entry.get("request") or {}).get("path")
                if path == start:
                    inside, entries = True, []
                elif path == end:
                    if not inside:
                        break
                    return entries
                elif inside and not str(path).startswith(MARKER_PATH):
                    entries.append(entry)
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the mock's request log {self.log_path} has no entries between the markers {start} and {end}"
                )
            time.sleep(0.01)


def _script_env(run_dir: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env["OPENAI_COMPAT_MOCK_RUN_DIR"] = str(run_dir)
    return env


class Exchange:
    """One request the session sent and the status and headers it got back."""

    def __init__(self, method: str, url: str, status: int, headers: Dict[str, str]) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.headers = headers

    def problems(self, allow: Iterable[str]) -> List[str]:
        """What the response headers say is wrong with the request, as readable lines."""
        where = f"{self.method} {self.url} -> {self.status}"
        h = self.headers
        if "x-steady-request-valid" not in h:
            return [f"{where}: no x-steady-request-valid header; is this Steady?"]
        found = []
        count = int(h.get("x-steady-error-count", "0") or 0)
        for n in range(1, count + 1):
            code = h.get(f"x-steady-error-{n}-code", "?")
            if code not in allow:
                path = h.get(f"x-steady-error-{n}-path", "?")
                found.append(f"{where}: {code} at {path}: {h.get(f'x-steady-error-{n}-message', '')}")
        if h["x-steady-request-valid"] != "true" and not found:
            found.append(f"{where}: x-steady-request-valid is {h['x-steady-request-valid']!r}")
        if self.status == 400 and not found:
            found.append(f"{where}: the mock rejected the request")
        return found


class RecordingTransport:
    """Wraps a session's transport and records every response's status and headers."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.exchanges: List[Exchange] = []

    def send(self, request: Any, *, stream: bool = False) -> Any:
        response = self.inner.send(request, stream=stream)
        headers = {name.lower(): value for name, value in response.headers.items()}
        self.exchanges.append(Exchange(request.method, request.url, response.status_code, headers))
        return response

    def close(self) -> None:
        self.inner.close()


class MockAPICheck:
    """Per test: sessions that talk to the mock, and the check that every request matched the spec."""

    def __init__(self, server: MockServer) -> None:
        self.server = server
        self.url = server.url
        self._recorders: List[RecordingTransport] = []
        self._sessions: List[Any] = []
        self.checked = False
        self._offset = server.log_size()
        self._start = server.mark() if server.log_path is not None else ""

    def session(self, **options: Any) -> Any:
        """A ``Session`` for the mock whose responses are recorded for ``assert_valid``."""
        from openai_compat import Session

        options.setdefault("api_key", "sk-test")
        options.setdefault("base_url", self.url)
        session = Session(**options)
        recorder = RecordingTransport(session.transport)
        session.transport = recorder
        self._recorders.append(recorder)
        self._sessions.append(session)
        return session

    @property
    def exchanges(self) -> List[Exchange]:
        return [exchange for recorder in self._recorders for exchange in recorder.exchanges]

    def diagnostics(self) -> List[Dict[str, Any]]:
        """The mock's log entries for the requests made since this check began (empty without a log)."""
        if self.server.log_path is None:
            return []
        end = self.server.mark()
        return self.server.log_entries(self._offset, self._start, end)

    def problems(self, allow: Iterable[str] = ()) -> List[str]:
        allowed = frozenset(allow)
        exchanges = self.exchanges
        found = [problem for exchange in exchanges for problem in exchange.problems(allowed)]
        if not exchanges:
            found.append("no request reached the mock through a checked session")
        if self.server.log_path is not None:
            entries = self.diagnostics()
            if len(entries) != len(exchanges):
                found.append(
                    f"the mock logged {len(entries)} requests but the session received {len(exchanges)} responses"
                )
            for entry in entries:
                request = entry.get("request") or {}
                status = (entry.get("response") or {}).get("status")
                where = f"{request.get('method')} {request.get('path')}{request.get('query') or ''} -> {status}"
                bad = [d for d in entry.get("diagnostics") or () if d.get("code") not in allowed]
                for diagnostic in bad:
                    found.append(
                        f"{where}: {diagnostic.get('code')} [{diagnostic.get('category')}/"
                        f"{diagnostic.get('severity')}] at {diagnostic.get('requestPath')}: {diagnostic.get('message')}"
                    )
                if status == 400 and not bad:
                    found.append(f"{where}: the mock rejected the request")
        return found

    def assert_valid(self, allow: Iterable[str] = ()) -> None:
        """Fail unless every request matched the spec: no diagnostic in any response header or log
        entry (codes in ``allow`` excepted) and no request the mock rejected."""
        self.checked = True
        found = self.problems(allow)
        if found:
            raise AssertionError("the mock API reports requests that do not match the spec:\n  " + "\n  ".join(found))

    def close(self) -> None:
        for session in self._sessions:
            session.close()
