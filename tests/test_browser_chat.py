"""examples/flask_chat in a real browser: headless Chromium, the app under gunicorn (gthread), and a
loopback OpenAI-compatible upstream that sends each token only when the test lets it.

Lock-step pacing makes "progressive" exact: the page must show token i while the upstream has not
yet sent token i + 1. Then the page goes away (tab closed, or navigated elsewhere) and the upstream,
now sending on its own, must see its connection closed long before the answer ends.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest
from _chromium import Chromium, Page, find_chromium
from _fake_openai import FakeOpenAI
from _servers import ScriptedServer

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "flask_chat"
TOKENS = [f"tok{i} " for i in range(120)]
LOCKSTEP = 4  # the first tokens each wait for the test; the rest flow every 50 ms
# Under `scripts/integration browser` (and so in CI) a missing browser is a failure, not a skip.
_REQUIRED = os.environ.get("OPENAI_COMPAT_REQUIRE_BROWSER", "") not in ("", "0")
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _missing(reason: str) -> None:
    if _REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    binary = find_chromium()
    if binary is None:
        _missing("Chromium is not installed: `scripts/integration browser` installs Debian's chromium with apt-get")
    for module in ("gunicorn", "django"):
        if importlib.util.find_spec(module) is None:
            _missing(f"{module} is not installed: pip install -e '.[integration]' (scripts/integration does)")
    assert binary is not None
    browser = Chromium(binary, tmp_path_factory.mktemp("chromium"))
    try:
        yield browser
    finally:
        browser.close()


class Pacer:
    """The upstream's pace: token i < LOCKSTEP waits for ``release(i)``; token LOCKSTEP waits for
    ``flow()``; later ones follow every 50 ms."""

    def __init__(self, delay: float = 0.05) -> None:
        self.gates = [threading.Event() for _ in range(LOCKSTEP + 1)]
        self.delay = delay

    def __call__(self, index: int) -> bool:
        if index <= LOCKSTEP:
            return self.gates[index].wait(20)
        time.sleep(self.delay)  # the pace of a model, for a client that may be gone
        return True

    def release(self, index: int) -> None:
        self.gates[index].set()

    def flow(self) -> None:
        for gate in self.gates:
            gate.set()


def _gunicorn_options() -> List[str]:
    """Newer gunicorns open a control socket at one fixed path in $HOME: two test runs at once would
    share it, so it is turned off where the option exists."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


class Gunicorn:
    """``gunicorn -k gthread`` serving an app of examples/flask_chat on a free loopback port."""

    def __init__(self, app: str, upstream: str, folder: Path) -> None:
        env = {**os.environ, "OPENAI_BASE_URL": upstream, "OPENAI_API_KEY": "sk-browser", "OPENAI_MODEL": "m"}
        self.log_path = folder / f"gunicorn-{app.split(':', maxsplit=1)[0]}.log"
        command = [sys.executable, "-m", "gunicorn", "--chdir", str(EXAMPLE), "-k", "gthread", "--threads", "4",
                   "-w", "1", "-b", "127.0.0.1:0", "--graceful-timeout", "2", *_gunicorn_options(), app]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
            )
        self.url = self._wait_for_url()

    def _wait_for_url(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            listening = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", self.log())
            booted = "Booting worker" in self.log()
            if listening and booted:
                url = listening.group(1)
                try:  # the worker has imported the app once it answers
                    with _LOCAL.open(url + "/", timeout=5) as response:
                        if response.status == 200:
                            return url
                except OSError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not serve within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Tuple[ScriptedServer, FakeOpenAI, Pacer, str]]:
    """The upstream, its pacer, and the app (``request.param``) under gunicorn in front of it."""
    pacer = Pacer()
    upstream_handler = FakeOpenAI(pieces=TOKENS, pace=pacer)
    with ScriptedServer().script(upstream_handler) as upstream:
        app = Gunicorn(request.param, upstream.url, tmp_path)
        try:
            yield upstream, upstream_handler, pacer, app.url
        finally:
            pacer.flow()
            app.stop()
            print(app.log()[-3000:])  # shown by pytest if the test failed


def answer(page: Page) -> str:
    return str(page.evaluate("document.getElementById('answer').textContent"))


def ask(chromium: Chromium, url: str) -> Page:
    page = chromium.open(url + "/")
    page.wait_for("location.href + ' ' + document.readyState", lambda state: state == f"{url}/ complete")
    page.evaluate("document.getElementById('prompt').value = 'Tell me a story'; "
                  "document.getElementById('ask').requestSubmit(); true")
    return page


def wait_for_stream_event(handler: FakeOpenAI, pattern: str, timeout: float = 20.0) -> Optional[str]:
    deadline = time.monotonic() + timeout
    with handler.streams_done:
        while True:
            for event in handler.stream_events:
                if re.fullmatch(pattern, event):
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            handler.streams_done.wait(left)


@pytest.mark.parametrize(
    ("stack", "leave"),
    [("app:app", "close the tab"), ("django_app:application", "navigate away")],
    indirect=["stack"],
)
def test_tokens_arrive_one_by_one_and_leaving_closes_the_upstream(chromium: Chromium, stack, leave: str) -> None:
    upstream, handler, pacer, url = stack
    page = ask(chromium, url)
    seen: List[str] = []
    for index in range(LOCKSTEP):
        pacer.release(index)
        expected = "".join(TOKENS[: index + 1])
        seen.append(page.wait_for("document.getElementById('answer').textContent", lambda text, e=expected: text == e))
        # The page shows this token while the upstream still holds the next one back.
        assert handler.stream_events[-1] == f"sent {index + 1}"
    assert seen == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 ", "tok0 tok1 tok2 tok3 "]
    assert page.evaluate("document.getElementById('status').textContent") == "streaming"

    if leave == "close the tab":
        page.close()
    else:
        page.navigate("about:blank")
        page.wait_for("location.href", lambda href: href == "about:blank")
    pacer.flow()  # the upstream now sends on its own, every 50 ms, until someone hangs up
    gone = wait_for_stream_event(handler, r"client gone after \d+")
    assert gone is not None, f"the upstream never saw its client leave: {handler.stream_events[-3:]}"
    sent = int(gone.rsplit(" ", 1)[1])
    assert sent < len(TOKENS) // 2, f"the upstream sent {sent} of {len(TOKENS)} tokens to a page that was gone"
    assert len(upstream.requests) == 1  # and nothing asked again


@pytest.mark.parametrize("stack", ["app:app"], indirect=True)
def test_a_whole_answer_ends_with_done_and_no_reconnect(chromium: Chromium, stack) -> None:
    upstream, handler, pacer, url = stack
    pacer.delay = 0.002
    page = ask(chromium, url)
    pacer.flow()
    page.wait_for("document.getElementById('status').textContent", lambda status: status == "done", timeout=30)
    assert answer(page) == "".join(TOKENS)
    assert wait_for_stream_event(handler, "finished") == "finished"
    # The page closed its EventSource on `done`: left open, it would reconnect and ask the model again.
    assert page.evaluate("source === null") is True
    assert len(upstream.requests) == 1
    page.close()
