"""What both transports share about their connection pools: the default size, and forgetting the
pooled connections in a forked child (gunicorn and Celery prefork, ``multiprocessing`` with "fork"),
whose sockets are the parent's too.
"""

from __future__ import annotations

import os
import weakref
from typing import Any

__all__ = ["DEFAULT_POOL_MAXSIZE", "renew_after_fork"]

# Connections kept per host: enough for a thread pool sharing one client.
DEFAULT_POOL_MAXSIZE = 100

# Transports whose pools a forked child must not reuse: sharing a socket with the parent mixes up
# the two processes' requests and answers on it.
_FORK_AWARE: weakref.WeakSet[Any] = weakref.WeakSet()


def renew_after_fork(transport: Any) -> None:
    """Have ``transport._after_fork()`` called in the child of every ``os.fork()`` (gunicorn and
    Celery prefork, ``multiprocessing`` with "fork"). A hook costs nothing per request, unlike
    comparing ``os.getpid()`` on every send."""
    _FORK_AWARE.add(transport)


def _after_fork_in_child() -> None:
    for transport in list(_FORK_AWARE):
        transport._after_fork()


if hasattr(os, "register_at_fork"):  # POSIX only; Windows cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
