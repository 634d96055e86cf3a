"""The ``openai_compat`` logger and the ``OPENAI_LOG`` switch.

Log lines carry method, URL, status, timing and retry decisions, never header values, so the
API key cannot reach a log.
"""

from __future__ import annotations

import logging

__all__ = ["logger", "setup_logging"]

logger = logging.getLogger("openai_compat")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def setup_logging(level_name: str) -> None:
    """Send our log lines to stderr at ``level_name`` (the value of ``OPENAI_LOG``), once per process."""
    level = _LEVELS.get(level_name.strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(getattr(h, "_openai_compat", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s - %(name)s - %(levelname)s] %(message)s"))
        handler._openai_compat = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
