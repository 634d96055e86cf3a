"""A Flask route that verifies OpenAI webhooks; run as a script, it posts itself two events.

Set OPENAI_WEBHOOK_SECRET to your endpoint's whsec_ secret (a demo secret otherwise). No API call.
"""

from __future__ import annotations

import json
import os

from flask import Flask, request

from openai_compat import Client, InvalidWebhookSignatureError
from openai_compat.resources.webhooks import sign

SECRET = os.environ.get("OPENAI_WEBHOOK_SECRET", "whsec_ZGVtbyBzZWNyZXQ6IG5ldmVyIHVzZSBpdCBsaXZlISE=")
client = Client(api_key=os.environ.get("OPENAI_API_KEY", "sk-unused"), webhook_secret=SECRET)
app = Flask(__name__)


@app.post("/webhooks/openai")
def openai_webhook() -> tuple[str, int]:
    try:  # the raw body: JSON parsed and dumped again would no longer match the signature
        event = client.webhooks.unwrap(request.get_data(), request.headers)
    except InvalidWebhookSignatureError as exc:
        return f"rejected: {exc}", 400
    print("verified event:", event.type, event.id)
    return "", 200  # OpenAI retries a delivery until it gets a 2xx


if __name__ == "__main__":
    body = json.dumps({"id": "evt_demo", "object": "event", "created_at": 1750861210,
                       "type": "response.completed", "data": {"id": "resp_demo"}})
    headers = sign(body, secret=SECRET, webhook_id="wh_demo")  # what OpenAI would send
    with app.test_client() as http:
        ok = http.post("/webhooks/openai", data=body, headers=headers, content_type="application/json")
        forged = http.post("/webhooks/openai", data=body.replace("resp_demo", "resp_other"), headers=headers)
    print("signed:", ok.status_code, "| tampered:", forged.status_code, forged.get_data(as_text=True))
    assert (ok.status_code, forged.status_code) == (200, 400)
