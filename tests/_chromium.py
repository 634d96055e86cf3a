"""Headless Chromium driven over the DevTools protocol, with websocket-client (already a dependency).

No chromedriver and no selenium: Chromium is started with a debugging port, each page is a target
with its own WebSocket, and the tests only need to open a page, evaluate JavaScript in it and close it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import websocket

# Headless, no sandbox (root in a container), and nothing that reaches the internet on its own: this
# machine has none, and background networking would fill the log with refused connections.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--disable-dev-shm-usage",
    "--remote-allow-origins=*",
    "--remote-debugging-port=0",
]
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def find_chromium() -> Optional[str]:
    """Debian's binary (not its wrapper script, which adds flags of its own), or one on PATH."""
    for candidate in ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else shutil.which(candidate)
        if found:
            return found
    return None


class Page:
    """One tab: evaluate JavaScript in it, wait for a condition, close it."""

    def __init__(self, browser: Chromium, target: Dict[str, Any]) -> None:
        self.browser = browser
        self.id = target["id"]
        self._socket = websocket.create_connection(
            target["webSocketDebuggerUrl"], timeout=30, suppress_origin=True, http_no_proxy=["127.0.0.1"]
        )
        self._next_id = 0

    def call(self, method: str, **params: Any) -> Dict[str, Any]:
        self._next_id += 1
        self._socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:  # skip the events the page sends meanwhile
            message = json.loads(self._socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method} failed: {message['error']}")
                result: Dict[str, Any] = message["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (JSON-serializable values only)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, accept: Callable[[Any], bool], timeout: float = 15.0) -> Any:
        """Evaluate ``expression`` every 20 ms until ``accept`` takes its value; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if accept(value):
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{expression!r} is still {value!r} after {timeout} s")
            time.sleep(0.02)

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def close(self) -> None:
        """Close the tab, as a user closing it would."""
        if self._socket.connected:
            self._socket.close()
            self.browser.http("close", self.id)


class Chromium:
    """A headless Chromium with a fresh profile in ``folder``; ``close()`` ends it (by its process group)."""

    def __init__(self, binary: str, folder: Path) -> None:
        profile = folder / "profile"
        profile.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "chromium.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.port = self._wait_for_port(profile / "DevToolsActivePort")
        self.pages: List[Page] = []

    def _wait_for_port(self, marker: Path, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited with {self.process.returncode}: {self.log()}")
            lines = marker.read_text().split() if marker.exists() else []
            if lines:
                return int(lines[0])
            time.sleep(0.05)
        self.close()
        raise RuntimeError(f"Chromium did not open its debugging port within {timeout} s: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def http(self, action: str, argument: str = "") -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/{action}/{argument}", method="PUT")
        with _LOCAL.open(request, timeout=30) as response:
            body = response.read()
        try:
            return json.loads(body)
        except ValueError:
            return body.decode()

    def open(self, url: str) -> Page:
        target = self.http("new", "?" + url)
        page = Page(self, target)
        self.pages.append(page)
        page.call("Page.enable")
        return page

    def close(self) -> None:
        """End the browser; its helper processes (in the session it was started in) go with it."""
        for page in self.pages:
            page._socket.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
