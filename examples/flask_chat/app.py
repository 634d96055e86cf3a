"""The Flask app: ``gunicorn --chdir examples/flask_chat -k gthread --threads 16 app:app`` (see README.md)."""

from __future__ import annotations

from chat_sse import PAGE, SSE_HEADERS, chat_events
from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return PAGE


@app.get("/chat")
def chat() -> Response:
    # The generator runs after this view returns, so it is handed the prompt, not the request.
    return Response(chat_events(request.args.get("prompt", "")), headers=SSE_HEADERS)


if __name__ == "__main__":  # development only: Flask's server, one thread per request
    app.run(threaded=True)
