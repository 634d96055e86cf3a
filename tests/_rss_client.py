"""One call against a hostile server, in a fresh process: ``python _rss_client.py KIND BASE_URL CALL OPTIONS``.

Prints one JSON line: the error (type, message, sizes) or a summary of the result, the seconds the
call took, and how far the process's peak RSS rose above what it was just before the call (so the
imports and the client do not count). ``KIND`` is ``requests`` or ``urllib3``; ``CALL`` one of
``CALLS``; ``OPTIONS`` a JSON object of Session arguments (``timeout`` as a dict of ``Timeout``
arguments). Used by tests/test_hostile.py and by ``python tests/_hostile.py`` (the figures).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any, Callable, Dict

BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def _peak_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS, where these tests are not run).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _json(session: Any) -> Any:
    result = session.request("POST", "/chat/completions", cast_to=object, body=BODY)
    return {"json_type": type(result).__name__, "json_size": len(json.dumps(result))}


def _stream(session: Any) -> Any:
    count = 0
    with session.stream("POST", "/chat/completions", cast_to=object, body={**BODY, "stream": True}) as events:
        for _ in events:
            count += 1
    return {"events": count}


def _download(session: Any) -> Any:
    size = 0
    with session.download("GET", "/files/file-1/content") as body:
        for chunk in body.iter_bytes():
            size += len(chunk)
    return {"downloaded": size}


CALLS: Dict[str, Callable[[Any], Any]] = {"json": _json, "stream": _stream, "download": _download}


def main() -> None:
    kind, base_url, call, raw_options = sys.argv[1:5]
    from openai_compat import APIError, RequestsTransport, Session, Timeout, Urllib3Transport

    options: Dict[str, Any] = json.loads(raw_options)
    transport = {"requests": RequestsTransport, "urllib3": Urllib3Transport}[kind]()
    timeout = Timeout(**options.pop("timeout", {"timeout": 10}))
    session = Session(api_key="sk-hostile-0123456789abcdef", base_url=base_url, transport=transport,
                      timeout=timeout, max_retries=options.pop("max_retries", 0), **options)
    before = _peak_mib()
    started = time.monotonic()
    outcome: Dict[str, Any]
    try:
        outcome = {"result": CALLS[call](session)}
    except Exception as exc:
        outcome = {"error": type(exc).__name__, "message": str(exc)[:20000], "message_length": len(str(exc))}
        if isinstance(exc, APIError):
            body = exc.body
            outcome["raw_body_length"] = len(getattr(exc, "raw_body", b"") or b"")
            if isinstance(body, dict) and isinstance(body.get("message"), str):
                outcome["body_message_length"] = len(body["message"])
    outcome["seconds"] = round(time.monotonic() - started, 3)
    outcome["rss_growth_mib"] = round(_peak_mib() - before, 1)
    session.close()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
