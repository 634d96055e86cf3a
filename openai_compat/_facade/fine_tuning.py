"""The ``client.fine_tuning`` namespaces, imported when ``client.fine_tuning`` is first used."""

from __future__ import annotations

from functools import cached_property

from ..resources import fine_tuning
from ._generated import FineTuningNamespaces
from ._namespace import _Namespace

__all__ = ["Checkpoints", "FineTuning", "Jobs", "JobCheckpoints", "Permissions"]


class JobCheckpoints(_Namespace):
    """``client.fine_tuning.jobs.checkpoints``."""

    list = fine_tuning.list_checkpoints


class Jobs(_Namespace):
    """``client.fine_tuning.jobs``: start, follow and stop fine-tuning jobs."""

    create = fine_tuning.create
    retrieve = fine_tuning.retrieve
    list = fine_tuning.list
    cancel = fine_tuning.cancel
    pause = fine_tuning.pause
    resume = fine_tuning.resume
    list_events = fine_tuning.list_events
    wait = fine_tuning.wait

    @cached_property
    def checkpoints(self) -> JobCheckpoints:
        return JobCheckpoints(self._session)


class Permissions(_Namespace):
    """``client.fine_tuning.checkpoints.permissions``: which projects may use a checkpoint.
    ``retrieve`` is openai-python's name for the list."""

    create = fine_tuning.create_permission
    retrieve = fine_tuning.list_permissions
    list = fine_tuning.list_permissions
    delete = fine_tuning.delete_permission


class Checkpoints(_Namespace):
    """``client.fine_tuning.checkpoints``."""

    @cached_property
    def permissions(self) -> Permissions:
        return Permissions(self._session)


class FineTuning(FineTuningNamespaces, _Namespace):
    """``client.fine_tuning``."""

    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self._session)

    @cached_property
    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self._session)
