"""The same page with Django's StreamingHttpResponse, as a one-file project:
``gunicorn --chdir examples/flask_chat -k gthread --threads 16 django_app:application``."""

from __future__ import annotations

import os

from chat_sse import PAGE, SSE_HEADERS, chat_events
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(","),
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "only-for-this-example"),
    MIDDLEWARE=[],
)


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


def chat(request: HttpRequest) -> StreamingHttpResponse:
    # Django closes the generator when the WSGI server closes the response (a client gone).
    return StreamingHttpResponse(chat_events(request.GET.get("prompt", "")), headers=SSE_HEADERS)


urlpatterns = [path("", index), path("chat", chat)]
application = get_wsgi_application()
