"""Scenario 1's child process: import a client, build it, send one chat completion, print the answer.

``python -m benchmarks.cold_start CLIENT BASE_URL``. Each client's code is what a user's script
would hold; the imports sit inside the functions so a run loads only its own client.
"""

from __future__ import annotations

import sys

MESSAGES = [{"role": "user", "content": "Say hello."}]


def ours(base_url: str) -> str:
    from openai_compat import Client

    client = Client(base_url=base_url, api_key="sk-bench")
    return client.chat.completions.create(model="small", messages=MESSAGES).choices[0].message.content or ""


def ours_urllib3(base_url: str) -> str:
    from openai_compat import Client, Urllib3Transport

    client = Client(base_url=base_url, api_key="sk-bench", transport=Urllib3Transport())
    return client.chat.completions.create(model="small", messages=MESSAGES).choices[0].message.content or ""


def openai(base_url: str) -> str:
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="sk-bench")
    completion = client.chat.completions.create(model="small", messages=MESSAGES)  # type: ignore[arg-type]
    return completion.choices[0].message.content or ""


def floor_requests(base_url: str) -> str:
    import requests

    from benchmarks import floor_types as ft

    body = ft.ENCODER.encode({"model": "small", "messages": MESSAGES})
    headers = {"Authorization": "Bearer sk-bench", "Content-Type": "application/json"}
    raw = requests.Session().post(base_url + "/chat/completions", data=body, headers=headers).content
    return ft.COMPLETION.decode(raw).choices[0].message.content or ""


def floor_urllib3(base_url: str) -> str:
    import urllib3

    from benchmarks import floor_types as ft

    body = ft.ENCODER.encode({"model": "small", "messages": MESSAGES})
    headers = {"Authorization": "Bearer sk-bench", "Content-Type": "application/json"}
    raw = urllib3.PoolManager().request("POST", base_url + "/chat/completions", body=body, headers=headers).data
    return ft.COMPLETION.decode(raw).choices[0].message.content or ""


def floor_httpclient(base_url: str) -> str:
    import http.client
    from urllib.parse import urlsplit

    from benchmarks import floor_types as ft

    url = urlsplit(base_url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)
    body = ft.ENCODER.encode({"model": "small", "messages": MESSAGES})
    headers = {"Authorization": "Bearer sk-bench", "Content-Type": "application/json"}
    conn.request("POST", url.path + "/chat/completions", body, headers)
    return ft.COMPLETION.decode(conn.getresponse().read()).choices[0].message.content or ""


def main() -> None:
    client, base_url = sys.argv[1], sys.argv[2]
    run = globals()[client.replace("-", "_")]
    print(run(base_url))


if __name__ == "__main__":
    main()
