"""How response objects show in IPython (``_repr_pretty_``) and Jupyter (``_repr_html_``)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any, Dict, List, Optional, Tuple

import msgspec
import pytest
from IPython.lib.pretty import pretty

from openai_compat import SyncCursorPage
from openai_compat._internals import decode
from openai_compat.types.chat import ChatCompletion, CompletionUsage
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.models import Model

BODY: Dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "content": "Paris.", "refusal": None, "reasoning_content": "Easy."},
        }
    ],
    "usage": {"prompt_tokens": 12, "completion_tokens": 2, "total_tokens": 14},
    "x_vendor_trace": {"region": "eu"},
}


def _completion(body: Optional[Dict[str, Any]] = None) -> ChatCompletion:
    return decode(json.dumps(body or BODY), ChatCompletion)


# ---------------------------------------------------------------------------------------------
# _repr_pretty_


def test_pretty_breaks_lines_indents_nested_objects_and_hides_none() -> None:
    assert pretty(_completion()) == (
        "ChatCompletion(\n"
        "    id='chatcmpl-1',\n"
        "    object='chat.completion',\n"
        "    created=1,\n"
        "    model='gpt-4o-mini',\n"
        "    choices=[\n"
        "        Choice(\n"
        "            index=0,\n"
        "            message=ChatCompletionMessage(\n"
        "                role='assistant',\n"
        "                content='Paris.',\n"
        "                reasoning_content='Easy.'\n"
        "            ),\n"
        "            finish_reason='stop'\n"
        "        )\n"
        "    ],\n"
        "    usage=CompletionUsage(\n"
        "        prompt_tokens=12,\n"
        "        completion_tokens=2,\n"
        "        total_tokens=14\n"
        "    ),\n"
        "    x_vendor_trace={'region': 'eu'}\n"
        ")"
    )


def test_pretty_keeps_a_short_object_on_one_line() -> None:
    usage = CompletionUsage(prompt_tokens=1, completion_tokens=2, total_tokens=3)
    assert pretty(usage) == "CompletionUsage(prompt_tokens=1, completion_tokens=2, total_tokens=3)"
    assert pretty(CompletionUsage()) == "CompletionUsage(prompt_tokens=0, completion_tokens=0, total_tokens=0)"


def test_plain_repr_still_shows_every_declared_field() -> None:
    text = repr(_completion())
    assert "system_fingerprint=None" in text and "x_vendor_trace={'region': 'eu'}" in text
    assert "None" not in pretty(_completion())


def test_pretty_says_so_for_an_object_that_contains_itself() -> None:
    model = Model(id="m", created=0, owned_by="me")
    model.parent = model  # an undeclared field pointing back (no server sends this, a user could)
    assert pretty(model) == "Model(id='m', object='model', created=0, owned_by='me', parent=Model(...))"
    model.parent = [model]
    assert pretty(model).endswith("parent=[Model(...)])")
    model.parent = [model]
    model.parent.append(model.parent)
    assert pretty(model).endswith("    parent=[Model(...), [...]]\n)")
    assert "<i>…</i>" in model._repr_html_()  # the HTML stops at a depth instead


def test_ipython_finds_both_displays_on_every_response_object() -> None:
    from IPython.core.formatters import HTMLFormatter, PlainTextFormatter

    completion = _completion()
    assert PlainTextFormatter()(completion) == pretty(completion)
    assert HTMLFormatter()(completion) == completion._repr_html_()


# ---------------------------------------------------------------------------------------------
# _repr_html_


class _Tree(HTMLParser):
    """The elements and text of an HTML fragment, as a browser would parse them."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.texts: List[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def test_html_is_nested_details_without_none_fields() -> None:
    tree = _Tree(_completion()._repr_html_())
    assert tree.count("details") == 6  # the completion, choices, the choice, its message, usage, the dict
    assert tree.count("summary") == tree.count("details")
    assert tree.tags[1] == ("details", {"open": None})  # the top object is open
    assert "ChatCompletion id='chatcmpl-1'" in tree.text
    assert "reasoning_content: \"Easy.\"" in tree.text and "region: \"eu\"" in tree.text
    assert "logprobs" not in tree.text and "refusal" not in tree.text and "None" not in tree.text


def test_html_escapes_every_value_and_key() -> None:
    body = json.loads(json.dumps(BODY))
    body["choices"][0]["message"]["content"] = "<script>alert('x')</script> & <b>bold</b>"
    body["<img src=x onerror=alert(1)>"] = "<iframe>"
    markup = _completion(body)._repr_html_()
    tree = _Tree(markup)
    tags = {name for name, _ in tree.tags}
    assert not tags & {"script", "img", "iframe"}, tags
    assert tags <= {"div", "details", "summary", "ul", "li", "b", "i", "span", "code"}
    assert "\"<script>alert('x')</script> & <b>bold</b>\"" in tree.text  # shown as text, intact
    assert "<img src=x onerror=alert(1)>: \"<iframe>\"" in tree.text
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_html_cuts_long_strings_and_says_how_long_they_were() -> None:
    body = json.loads(json.dumps(BODY))
    body["choices"][0]["message"]["content"] = "word " * 2000
    tree = _Tree(_completion(body)._repr_html_())
    assert "(10,000 characters)" in tree.text
    assert tree.text.count("word") == 60  # the first 300 characters


def test_html_shows_a_vector_inline_and_long_lists_in_part() -> None:
    vectors = {
        "object": "list",
        "model": "text-embedding-3-small",
        "data": [{"object": "embedding", "index": i, "embedding": [0.5] * 1536} for i in range(150)],
    }
    tree = _Tree(decode(json.dumps(vectors), CreateEmbeddingResponse)._repr_html_())
    assert "[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, …] (1,536 items)" in tree.text
    assert "list (150 items)" in tree.text and "… 50 more" in tree.text
    assert tree.count("details") == 1 + 1 + 100  # the response, its data, the first 100 embeddings
    deep = [attrs for name, attrs in tree.tags if name == "details"][2:]
    assert all("open" in attrs for attrs in deep)


def test_html_of_an_empty_object_and_of_a_page() -> None:
    assert "<b>CompletionUsage</b>" in CompletionUsage()._repr_html_()
    page = SyncCursorPage(data=[Model(id="gpt-4o", created=0, owned_by="openai")], has_more=False)
    tree = _Tree(page._repr_html_())
    assert "SyncCursorPage" in tree.text and "Model id='gpt-4o'" in tree.text
    assert "has_more: False" in tree.text


@pytest.mark.parametrize("value", [msgspec.UNSET, None])
def test_unset_and_none_fields_are_hidden_alike(value: Any) -> None:
    model = Model(id="m", created=0, owned_by="me")
    model.note = value
    assert pretty(model) == "Model(id='m', object='model', created=0, owned_by='me')"
    assert "note" not in _Tree(model._repr_html_()).text


def test_html_collapses_what_is_nested_deeper_than_three_levels() -> None:
    model = Model(id="m", created=0, owned_by="me")
    model.meta = {"a": {"b": {"c": {"d": {"e": 1}}}}}  # model, meta, a, b at depth 0-3 open; c, d closed
    opened = ["open" in attrs for name, attrs in _Tree(model._repr_html_()).tags if name == "details"]
    assert opened == [True, True, True, True, False, False]
