"""Every method of openai-python 3.57.0's sync client, compared with ours by introspection (no network).

openai-python's resource tree is walked from ``openai.OpenAI()`` (each public attribute that is a
``SyncAPIResource``, recursively) and each public method's ``inspect.signature`` is compared with
the method at the same path of ``openai_compat.Client``. The tests fail on:

- a call-shape break: a parameter openai-python takes by keyword that is positional-only here, a
  positional parameter at another place or keyword-only here, a parameter optional there and
  required here, or a required parameter openai-python does not have (each breaks a call written
  for openai-python);
- a per-request option (``extra_headers``, ``extra_query``, ``extra_body``, ``timeout``) missing;
- a method, a ``with_raw_response``/``with_streaming_response`` wrapper or a parameter of
  openai-python missing here, unless it is listed in ``signatures_known_missing.txt`` (the gaps
  known today, one per line); a listed gap that is filled makes the test fail too, so the list
  only shrinks. Rewrite the list with ``python tests/test_signatures.py --write-known-missing``.

openai 3.57.0 needs Python >= 3.10: on 3.9 the module is skipped.
"""

from __future__ import annotations

import inspect
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

if sys.version_info < (3, 10):  # pragma: no cover - the 3.9 CI run
    pytest.skip("openai 3.57.0 (the reference) needs Python >= 3.10", allow_module_level=True)

OPENAI_VERSION = "3.57.0"
KNOWN_MISSING = Path(__file__).with_name("signatures_known_missing.txt")
OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
WRAPPERS = ("with_raw_response", "with_streaming_response")
P = inspect.Parameter
POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
BY_KEYWORD = (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)
VARIADIC = (P.VAR_POSITIONAL, P.VAR_KEYWORD)

# path -> openai-python's signature (None: not introspectable); wrapper paths map to None too.
Reference = Dict[str, Optional[inspect.Signature]]


def _signature(function: Any) -> Optional[inspect.Signature]:
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):
        return None


def _walk(resource: Any, path: str, resource_type: type) -> Iterator[Tuple[str, Any]]:
    """(path, method or wrapper) under ``resource``: its own methods first, then its sub-resources."""
    subs = []
    for name in sorted(dir(type(resource))):
        if name.startswith("_"):
            continue
        value = getattr(resource, name)
        if name in WRAPPERS:
            yield f"{path}.{name}" if path else name, None
        elif isinstance(value, resource_type):
            subs.append((f"{path}.{name}" if path else name, value))
        elif path and callable(value):
            yield f"{path}.{name}", value
    for sub_path, sub in subs:
        yield from _walk(sub, sub_path, resource_type)


def reference() -> Reference:
    """openai-python's methods and wrappers, by path (``chat.completions.create``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openai-python's own warnings (deprecated resources) are not ours
        try:
            import openai
        except ImportError:  # not a skip: the dev extra installs it, and a skipped parity check hides drift
            pytest.fail(f"openai=={OPENAI_VERSION} is not installed (pip install -e '.[dev]')")
        assert openai.__version__ == OPENAI_VERSION, f"install openai=={OPENAI_VERSION}, found {openai.__version__}"
        from openai._resource import SyncAPIResource

        client = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9/v1")
        try:
            return {path: _signature(value) if value is not None else None
                    for path, value in _walk(client, "", SyncAPIResource)}
        finally:
            client.close()


def _ours() -> Any:
    from openai_compat import Client
    from openai_compat.testing import MockTransport

    return Client(api_key="sk-test", transport=MockTransport())


def _resolve(root: Any, path: str) -> Any:
    target = root
    for part in path.split(".") if path else ():
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def _generic(client: Any, obj: Any, name: str) -> bool:
    """True for a verb every namespace inherits from their common base, which is not the method."""
    shared = set.intersection(*(set(type(getattr(client, ns)).__mro__) for ns in ("chat", "models", "files")))
    owner = next((klass for klass in type(obj).__mro__ if name in klass.__dict__), None)
    return owner in shared


def our_signature(client: Any, path: str) -> Tuple[bool, Optional[inspect.Signature]]:
    """(present here, our signature) of the method or wrapper at ``path``."""
    owner_path, _, name = path.rpartition(".")
    owner = _resolve(client, owner_path)
    value = getattr(owner, name, None) if owner is not None else None
    if value is None or (name not in WRAPPERS and _generic(client, owner, name)):
        return False, None  # a wrapper may well come from the common base: any one is the real thing
    return True, _signature(value) if callable(value) else None


def shape_breaks(path: str, theirs: inspect.Signature, ours: inspect.Signature) -> List[str]:
    """How a call written for openai-python's ``theirs`` would fail against ``ours``."""
    breaks = []
    mine = ours.parameters
    their_positional = [p.name for p in theirs.parameters.values() if p.kind in POSITIONAL]
    my_positional = [p.name for p in mine.values() if p.kind in POSITIONAL]
    for index, name in enumerate(their_positional):
        here = my_positional.index(name) + 1 if name in my_positional else None
        if here != index + 1 and name in mine:
            where = "keyword-only here" if here is None else f"positional #{here} here"
            breaks.append(f"{path}: {name!r} is positional #{index + 1} in openai-python, {where}")
    for p in theirs.parameters.values():
        q = mine.get(p.name)
        if q is None or p.kind in VARIADIC:
            continue
        if p.kind in BY_KEYWORD and q.kind == P.POSITIONAL_ONLY:
            breaks.append(f"{path}: {p.name!r} is accepted by keyword in openai-python, positional-only here "
                          f"({path.rpartition('.')[2]}({p.name}=...) raises TypeError)")
        if p.default is not P.empty and q.default is P.empty and q.kind not in VARIADIC:
            breaks.append(f"{path}: {p.name!r} is optional in openai-python, required here")
    for q in mine.values():
        if q.name not in theirs.parameters and q.default is P.empty and q.kind not in VARIADIC:
            breaks.append(f"{path}: {q.name!r} is required here, and openai-python has no such parameter")
    return breaks


def missing_here(ref: Reference, client: Any) -> Tuple[List[str], List[str], List[str]]:
    """(gaps, call-shape breaks, absent per-request options): gaps are the methods and wrappers of
    openai-python absent here (``path``) and the parameters absent from a method that is here
    (``path(name)``), as ``signatures_known_missing.txt`` lists them."""
    gaps, breaks, options = [], [], []
    for path, theirs in ref.items():
        present, ours = our_signature(client, path)
        if not present:
            gaps.append(path)
            continue
        if theirs is None or ours is None:
            continue
        for p in theirs.parameters.values():
            if p.kind in VARIADIC or p.name in ours.parameters:
                continue
            if p.name in OPTIONS:
                options.append(f"{path}: the per-request option {p.name!r} is missing")
            else:
                gaps.append(f"{path}({p.name})")
        breaks.extend(shape_breaks(path, theirs, ours))
    return gaps, breaks, options


def known_missing() -> List[str]:
    lines = KNOWN_MISSING.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def ref() -> Reference:
    return reference()


@pytest.fixture(scope="module")
def compared(ref: Reference) -> Tuple[List[str], List[str], List[str]]:
    return missing_here(ref, _ours())


def test_no_call_written_for_openai_python_breaks_on_its_shape(compared: Tuple[List[str], ...]) -> None:
    breaks = compared[1]
    assert not breaks, "call-shape breaks against openai-python 3.57.0:\n  " + "\n  ".join(breaks)


def test_every_method_takes_the_per_request_options(compared: Tuple[List[str], ...]) -> None:
    options = compared[2]
    assert not options, "per-request options missing:\n  " + "\n  ".join(options)


def test_nothing_of_openai_python_is_missing_but_the_known_gaps(
    ref: Reference, compared: Tuple[List[str], ...]
) -> None:
    gaps, listed = set(compared[0]), known_missing()
    problems = [f"missing here, and not in {KNOWN_MISSING.name}: {gap}" for gap in sorted(gaps - set(listed))]
    for entry in listed:
        if entry.partition("(")[0] not in ref:
            problems.append(f"{KNOWN_MISSING.name} lists {entry}, which openai-python {OPENAI_VERSION} does not have")
        elif entry not in gaps:
            problems.append(f"{KNOWN_MISSING.name} lists {entry}, which is here now: remove the line")
    assert not problems, "\n".join(problems)


def test_the_known_gaps_are_sorted_and_unique() -> None:
    listed = known_missing()
    assert listed == sorted(set(listed)), f"{KNOWN_MISSING.name}: keep it sorted, one entry per line"


def test_the_checks_catch_what_they_claim() -> None:
    def theirs(file_id: str, *, thread_id: str, limit: int = 1) -> None: ...
    def positional_only(file_id: str, /, *, thread_id: str, limit: int = 1) -> None: ...
    def keyword_only(*, file_id: str, thread_id: str, limit: int) -> None: ...
    def swapped(thread_id: str, file_id: str, limit: int = 1, *, extra: int) -> None: ...

    expected = inspect.signature(theirs)
    assert shape_breaks("x.f", expected, inspect.signature(positional_only)) == [
        "x.f: 'file_id' is accepted by keyword in openai-python, positional-only here (f(file_id=...) raises TypeError)"
    ]
    assert shape_breaks("x.f", expected, inspect.signature(keyword_only)) == [
        "x.f: 'file_id' is positional #1 in openai-python, keyword-only here",
        "x.f: 'limit' is optional in openai-python, required here",
    ]
    assert shape_breaks("x.f", expected, inspect.signature(swapped)) == [
        "x.f: 'file_id' is positional #1 in openai-python, positional #2 here",
        "x.f: 'extra' is required here, and openai-python has no such parameter",
    ]
    assert shape_breaks("x.f", expected, expected) == []


def write_known_missing() -> None:
    """Rewrite ``signatures_known_missing.txt`` with today's gaps (what the lead empties over time)."""
    gaps = sorted(set(missing_here(reference(), _ours())[0]))
    header = [
        "# What openai-python 3.57.0's sync client has that openai_compat does not have yet, one per line:",
        "# a method or a with_raw_response/with_streaming_response wrapper (its path), or a parameter of a",
        "# method that is here (path(parameter)). tests/test_signatures.py fails on a gap not listed and on",
        "# a listed gap that is filled. Rewrite: python tests/test_signatures.py --write-known-missing",
    ]
    KNOWN_MISSING.write_text("\n".join(header + gaps) + "\n", encoding="utf-8")
    print(f"{KNOWN_MISSING}: {len(gaps)} gaps")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-known-missing"]:
        raise SystemExit("usage: python tests/test_signatures.py --write-known-missing")
    write_known_missing()
