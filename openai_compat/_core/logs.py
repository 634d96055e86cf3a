"""The ``openai_compat`` logger and the ``OPENAI_LOG`` switch.

Log lines carry method, URL, status, timing, error codes and retry decisions, never header values,
so the API key cannot reach a log.

One handler policy: ``OPENAI_LOG`` sets the logger's level, and each line is printed once. Where the
application has configured logging (``logging.basicConfig``, ``dictConfig``: a handler on the root
logger or another ancestor), our lines go only there, by propagation; where it has not, a handler of
ours prints them to stderr. The choice is made per line, so configuring logging after the client
was made still gives one line, not two.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["logger", "setup_logging"]

logger = logging.getLogger("openai_compat")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


class _StderrUnlessConfigured(logging.StreamHandler):  # type: ignore[type-arg]
    """Prints a record to stderr only when no handler above ``logger`` will print it."""

    _openai_compat = True  # how a test finds it, to remove it

    def handle(self, record: logging.LogRecord) -> Any:
        if _handled_above(logger, record.levelno):
            return False
        return super().handle(record)


def _handled_above(start: logging.Logger, level: int) -> bool:
    """Whether a record of ``start`` at ``level`` reaches a handler of an ancestor logger that takes it."""
    current = start
    while current.propagate and current.parent is not None:
        current = current.parent
        if any(level >= handler.level for handler in current.handlers):
            return True
    return False


def setup_logging(level_name: str) -> None:
    """Log at ``level_name`` (the value of ``OPENAI_LOG``), printed once per line (see the module
    docstring); the stderr handler is added once per process."""
    level = _LEVELS.get(level_name.strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(h, _StderrUnlessConfigured) for h in logger.handlers):
        handler = _StderrUnlessConfigured()
        handler.setFormatter(logging.Formatter("[%(asctime)s - %(name)s - %(levelname)s] %(message)s"))
        logger.addHandler(handler)
