"""Types of ``/fine_tuning``: jobs, their events and checkpoints, and checkpoint permissions.

Shapes follow ``FineTuningJob``, ``FineTuneMethod``, ``FineTuningJobEvent``,
``FineTuningJobCheckpoint`` and ``FineTuningCheckpointPermission`` in the OpenAPI spec, lenient
as every response type here (``status``, ``type`` and ``level`` are ``str``; undeclared fields stay
reachable as attributes).

Hyperparameters are ``"auto"`` or a number in the spec (``oneOf`` string/number), so each is
``Union[str, int]`` or ``Union[str, float]``. A reinforcement method's ``grader`` is a deep
polymorphic object (string check, text similarity, python, score model, multi — each with its own
nested templates and sampling parameters) that only the server interprets: it stays a plain
JSON ``dict``, sent and received as given, rather than five more layers of Structs.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject

__all__ = [
    "FineTuneMethod",
    "FineTuningCheckpointPermission",
    "FineTuningCheckpointPermissionDeleted",
    "FineTuningJob",
    "FineTuningJobCheckpoint",
    "FineTuningJobCheckpointMetrics",
    "FineTuningJobError",
    "FineTuningJobEvent",
    "FineTuningJobIntegration",
    "FineTuningJobStatus",
    "FineTuningJobWandbIntegration",
    "Hyperparameters",
    "MethodType",
    "DPOMethod",
    "ReinforcementMethod",
    "SupervisedMethod",
]


class FineTuningJobStatus:
    """The ``status`` values the spec lists; ``TERMINAL`` are those a job never leaves."""

    VALIDATING_FILES = "validating_files"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TERMINAL = frozenset({SUCCEEDED, FAILED, CANCELLED})


class MethodType:
    SUPERVISED = "supervised"
    DPO = "dpo"
    REINFORCEMENT = "reinforcement"


class Hyperparameters(APIObject):
    """Training settings; each is ``"auto"`` or a number. Which ones apply depends on the method:
    ``beta`` is DPO's, the last four are reinforcement's."""

    batch_size: Union[str, int, None] = None
    learning_rate_multiplier: Union[str, float, None] = None
    n_epochs: Union[str, int, None] = None
    beta: Union[str, float, None] = None
    reasoning_effort: Optional[str] = None
    compute_multiplier: Union[str, float, None] = None
    eval_interval: Union[str, int, None] = None
    eval_samples: Union[str, int, None] = None


class SupervisedMethod(APIObject):
    hyperparameters: Optional[Hyperparameters] = None


class DPOMethod(APIObject):
    hyperparameters: Optional[Hyperparameters] = None


class ReinforcementMethod(APIObject):
    # A JSON object the server interprets (see the module docstring).
    grader: Optional[Dict[str, Any]] = None
    hyperparameters: Optional[Hyperparameters] = None


class FineTuneMethod(APIObject):
    """How the model is trained: ``type`` names which of the three settings objects applies."""

    type: str = ""
    supervised: Optional[SupervisedMethod] = None
    dpo: Optional[DPOMethod] = None
    reinforcement: Optional[ReinforcementMethod] = None


class FineTuningJobError(APIObject):
    """Why a job failed: ``param`` names the bad parameter when there is one. A job that has not
    failed may carry one with every field null (so the spec's examples of a created job show)."""

    code: Optional[str] = ""
    message: Optional[str] = ""
    param: Optional[str] = None


class FineTuningJobWandbIntegration(APIObject):
    project: str = ""
    name: Optional[str] = None
    entity: Optional[str] = None
    tags: Optional[List[str]] = None


class FineTuningJobIntegration(APIObject):
    type: str = "wandb"
    wandb: Optional[FineTuningJobWandbIntegration] = None


class FineTuningJob(APIObject):
    """A fine-tuning job (``fine_tuning.job``). Times are Unix seconds."""

    id: str = ""
    object: str = "fine_tuning.job"
    created_at: int = 0
    model: str = ""
    status: str = ""
    training_file: str = ""
    validation_file: Optional[str] = None
    fine_tuned_model: Optional[str] = None
    finished_at: Optional[int] = None
    error: Optional[FineTuningJobError] = None
    hyperparameters: Optional[Hyperparameters] = None
    organization_id: str = ""
    result_files: List[str] = msgspec.field(default_factory=list)
    trained_tokens: Optional[int] = None
    integrations: Optional[List[FineTuningJobIntegration]] = None
    seed: Optional[int] = None
    estimated_finish: Optional[int] = None
    method: Optional[FineTuneMethod] = None
    metadata: Optional[Dict[str, str]] = None

    @property
    def is_terminal(self) -> bool:
        """True once the job succeeded, failed or was cancelled."""
        return self.status in FineTuningJobStatus.TERMINAL


class FineTuningJobEvent(APIObject):
    """One line of a job's log: ``level`` is info, warn or error; ``type`` message or metrics
    (then ``data`` holds the numbers)."""

    id: str = ""
    object: str = "fine_tuning.job.event"
    created_at: int = 0
    level: str = ""
    message: str = ""
    type: Optional[str] = None
    data: Optional[Dict[str, Any]] = None


class FineTuningJobCheckpointMetrics(APIObject):
    step: Optional[float] = None
    train_loss: Optional[float] = None
    train_mean_token_accuracy: Optional[float] = None
    valid_loss: Optional[float] = None
    valid_mean_token_accuracy: Optional[float] = None
    full_valid_loss: Optional[float] = None
    full_valid_mean_token_accuracy: Optional[float] = None


class FineTuningJobCheckpoint(APIObject):
    """A checkpoint a job saved: ``fine_tuned_model_checkpoint`` is the model name to call it by."""

    id: str = ""
    object: str = "fine_tuning.job.checkpoint"
    created_at: int = 0
    fine_tuned_model_checkpoint: str = ""
    fine_tuning_job_id: str = ""
    step_number: int = 0
    metrics: Optional[FineTuningJobCheckpointMetrics] = None


class FineTuningCheckpointPermission(APIObject):
    """A project allowed to use a checkpoint (``checkpoint.permission``)."""

    id: str = ""
    object: str = "checkpoint.permission"
    created_at: int = 0
    project_id: str = ""


class FineTuningCheckpointPermissionDeleted(APIObject):
    id: str = ""
    object: str = "checkpoint.permission"
    deleted: bool = False
