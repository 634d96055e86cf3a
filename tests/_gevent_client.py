"""Run by tests/test_distributed.py in a fresh interpreter: gevent patches first, then greenlets share
one client against a loopback server (gunicorn's gevent workers run it so).

Usage: python _gevent_client.py BASE_URL TRANSPORT GREENLETS CALLS. The key comes from
OPENAI_API_KEY. Prints one JSON line and exits 0 when every greenlet got its own answers.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402 - after patching, as gevent asks
import socket  # noqa: E402
import sys  # noqa: E402

import gevent  # noqa: E402
import gevent.socket  # noqa: E402

from openai_compat import Client, RequestsTransport, Urllib3Transport  # noqa: E402

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}


def main(base_url: str, transport: str, greenlets: int, calls: int) -> None:
    assert socket.socket is gevent.socket.socket, "gevent did not patch the socket module"
    client = Client(base_url=base_url, transport=TRANSPORTS[transport](), max_retries=0, timeout=30)
    wrong = []

    def work(index: int) -> None:
        for call in range(calls):
            nonce = f"g{index}-{call}"
            result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": nonce}])
            if result.choices[0].message.content != nonce:
                wrong.append(nonce)

    jobs = [gevent.spawn(work, index) for index in range(greenlets)]
    gevent.joinall(jobs, timeout=60, raise_error=True)
    client.close()
    assert all(job.successful() for job in jobs), "a greenlet did not finish"
    assert not wrong, wrong
    print(json.dumps({"ok": greenlets * calls, "asyncio": "asyncio" in sys.modules}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
