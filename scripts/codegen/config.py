"""What the generator derives, and the few decisions the spec and openai-python cannot make for it."""

from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

# Namespaces of openai-python's client whose methods are generated (every method below them that the
# spec describes, except the excluded ones). Their parents are written by hand (or are the client).
ROOTS: Tuple[str, ...] = (
    "admin",
    "audio.voice_consents",
    "audio.voices",
    "beta.agents",
    "beta.chatkit",
    "beta.realtime",
    "beta.responses",
    "containers",
    "content_provenance_checks",
    "decisions",
    "evals",
    "fine_tuning.alpha",
    "live",
    "realtime.calls",
    "realtime.client_secrets",
    "realtime.translations",
    "safety",
    "skills",
    "videos",
    "webhooks",
)

# Roots whose namespace class is written by hand (``client.webhooks`` verifies and unwraps events;
# ``live``, ``realtime.translations``, ``beta.realtime`` and ``beta.responses`` open WebSockets): the
# generated class of the root is a base it inherits, under this name, in a module of that name.
MIXIN_ROOTS: Dict[str, str] = {
    "beta.realtime": "BetaRealtimeEndpoints",
    "beta.responses": "BetaResponsesEndpoints",
    "live": "LiveEndpoints",
    "realtime.translations": "RealtimeTranslationsEndpoints",
    "webhooks": "WebhookEndpoints",
}

# Namespaces whose generated modules take another name than the namespace's, because a hand-written
# module has that one (``resources/webhooks.py``, ``types/webhooks.py``, ``_facade/webhooks.py``).
MODULE_NAMES: Dict[str, str] = {"webhooks": "webhook_endpoints"}

# Methods under ROOTS written by hand, because they have behaviour of their own: the module under
# ``openai_compat/resources`` holding each (a function of the method's name), and why.
HAND_WRITTEN: Dict[str, Tuple[str, str]] = {
    "beta.agents.environments.files.prepare": ("beta_agents_environment_uploads", "uploads local files"),
    "beta.agents.environments.files.prepare_directory": ("beta_agents_environment_uploads", "selects and uploads"),
    "beta.agents.environments.files.upload": ("beta_agents_environment_uploads", "uploads, then stages"),
    "beta.agents.sessions.artifacts.for_result": ("beta_agents_result_artifacts", "looks artifacts up by turn"),
    "beta.agents.sessions.create": ("beta_agents_session_streams", "a session or its events, with tool handlers"),
    "beta.agents.sessions.stream": ("beta_agents_session_streams", "one turn, with tool handlers"),
    "realtime.calls.create": ("realtime_calls_create", "sends the SDP offer raw or as a two-part form"),
    "videos.create_and_poll": ("videos_poll", "polls"),
    "videos.poll": ("videos_poll", "polls"),
}

# Where openai-python 3.57.0 and the spec disagree on the wire, the spec wins (it is what the API
# documents and what the mock validates); openai-python's path is given here with the spec's.
PATH_OVERRIDES: Dict[str, Tuple[str, str]] = {
    # openai-python posts to ``.../cancel``; the spec documents ``POST /evals/{eval_id}/runs/{run_id}``.
    "evals.runs.cancel": ("POST", "/evals/{eval_id}/runs/{run_id}"),
}

# The event type of a method that answers with JSON or, given ``stream=True``, with server-sent events,
# where the spec gives the JSON answer only (its stream is the same as another method's).
EVENT_SCHEMAS: Dict[str, str] = {"beta.responses.retrieve": "BetaResponseStreamEvent"}

# Depth, in object levels from a method's parameter or result, down to which nested objects get
# their own classes; deeper values stay JSON builtins (dicts and lists), still reachable.
RESPONSE_DEPTH = 3
REQUEST_DEPTH = 1

# Page classes of openai-python and this library's equivalents (``openai_compat._pagination``).
PAGES: Dict[str, str] = {
    "SyncCursorPage": "SyncCursorPage",
    "SyncConversationCursorPage": "SyncConversationCursorPage",
    "SyncNextCursorPage": "SyncNextCursorPage",
    "SyncPage": "SyncPage",
    "SyncTokenPage": "SyncTokenPage",
}

# Spec schemas whose responses decode into a hand-written class, "module under openai_compat.types:Class":
# one class per type (a response is a ``Response``, whichever endpoint answered it).
REUSE: Dict[str, str] = {
    "BetaCompactResource": "responses:CompactedResponse",
    "BetaItemResource": "responses_items:OutputItem",
    "BetaResponse": "responses:Response",
    "BetaResponseStreamEvent": "responses_events:ResponseStreamEvent",
    "BetaTokenCountsResource": "responses:InputTokenCount",
    "CompactResource": "responses:CompactedResponse",
    "Response": "responses:Response",
    "TokenCountsResource": "responses:InputTokenCount",
}

# Generated modules may not take these names (hand-written modules of the same package).
AUTH_ADMIN = "admin_api_key_auth"

# The prefix dropped from admin namespace names in module and class names.
ADMIN_PREFIX = "admin.organization"

PARAMS_NOT_SENT: FrozenSet[str] = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
