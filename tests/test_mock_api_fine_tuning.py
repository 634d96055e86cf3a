"""API conformance of ``/fine_tuning``: every fine-tuning resource function against the Steady mock.

The mock validates each request against the spec and answers with bodies generated from the spec's
schemas (random values), so a decoded result shows the types accept what the spec allows.
"""

from __future__ import annotations

import pytest
from mock_api import MockAPICheck

from openai_compat.resources import fine_tuning
from openai_compat.types.fine_tuning import (
    FineTuningCheckpointPermission,
    FineTuningCheckpointPermissionDeleted,
    FineTuningJob,
    FineTuningJobCheckpoint,
    FineTuningJobEvent,
)

pytestmark = pytest.mark.mock_api

CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org:custom:ckpt-step-88"


def test_jobs_create_with_each_method(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
              "reference": "{{item.answer}}", "operation": "eq"}
    methods = [
        {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3, "batch_size": "auto"}}},
        {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1, "learning_rate_multiplier": "auto"}}},
        {"type": "reinforcement", "reinforcement": {"grader": grader, "hyperparameters": {"eval_samples": 2}}},
    ]
    for method in methods:
        job = fine_tuning.create(
            session, model="gpt-4o-mini", training_file="file-abc", validation_file="file-def", method=method,
            seed=7, suffix="demo", metadata={"team": "a"},
            integrations=[{"type": "wandb", "wandb": {"project": "p", "tags": ["x"]}}],
        )
        assert isinstance(job, FineTuningJob) and isinstance(job.id, str)
    mock_api.assert_valid()


def test_jobs_retrieve_list_and_actions(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert isinstance(fine_tuning.retrieve(session, "ftjob-abc"), FineTuningJob)
    page = fine_tuning.list(session, limit=2, after="ftjob-0", metadata={"team": "a"})
    assert all(isinstance(item, FineTuningJob) for item in page.data)
    for action in (fine_tuning.cancel, fine_tuning.pause, fine_tuning.resume):
        assert isinstance(action(session, "ftjob-abc"), FineTuningJob)
    mock_api.assert_valid()


def test_jobs_events_and_checkpoints(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    events = fine_tuning.list_events(session, "ftjob-abc", limit=3, after="ftevent-0")
    assert all(isinstance(item, FineTuningJobEvent) for item in events.data)
    checkpoints = fine_tuning.list_checkpoints(session, "ftjob-abc", limit=3)
    assert all(isinstance(item, FineTuningJobCheckpoint) for item in checkpoints.data)
    mock_api.assert_valid()


def test_checkpoint_permissions(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    made = fine_tuning.create_permission(session, CHECKPOINT, project_ids=["proj_abc"])
    assert all(isinstance(item, FineTuningCheckpointPermission) for item in made.data)
    listed = fine_tuning.list_permissions(session, CHECKPOINT, project_id="proj_abc", limit=5, order="descending")
    assert all(isinstance(item, FineTuningCheckpointPermission) for item in listed.data)
    deleted = fine_tuning.delete_permission(session, "cp_abc", fine_tuned_model_checkpoint=CHECKPOINT)
    assert isinstance(deleted, FineTuningCheckpointPermissionDeleted)
    mock_api.assert_valid()
