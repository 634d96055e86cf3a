"""``fine_tuning`` resource functions against a MockTransport: exact requests, decoded results,
cursor pagination, the wait helper on an injected clock, and checkpoint permissions."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest

from openai_compat import Client, RetryPolicy, Session
from openai_compat.resources import fine_tuning
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.fine_tuning import (
    FineTuningCheckpointPermission,
    FineTuningJob,
    FineTuningJobCheckpoint,
    FineTuningJobEvent,
    FineTuningJobStatus,
)

BASE = "https://api.openai.com/v1"


def job(status: str = "running", **extra: Any) -> Dict[str, Any]:
    return {
        "id": "ftjob-1", "object": "fine_tuning.job", "created_at": 1700000000, "model": "gpt-4o-mini",
        "status": status, "training_file": "file-train", "validation_file": None, "fine_tuned_model": None,
        "finished_at": None, "error": None, "organization_id": "org-1", "result_files": [], "trained_tokens": None,
        "seed": 42, "hyperparameters": {"n_epochs": "auto", "batch_size": 4, "learning_rate_multiplier": 0.5},
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}, **extra,
    }


def session_for(*responses: Any, clock: Any = None, sleep: Any = None) -> Tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    policy = RetryPolicy(clock=clock or (lambda: 0.0), sleep=sleep or (lambda seconds: None))
    return Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy), transport


def test_create_sends_only_what_was_given_and_decodes_the_job() -> None:
    session, transport = session_for(json_response(job("validating_files")))
    method = {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1, "n_epochs": "auto"}}}
    created = fine_tuning.create(
        session, model="gpt-4o-mini", training_file="file-train", method=method, suffix=None,
        integrations=iter([{"type": "wandb", "wandb": {"project": "p"}}]), metadata={"team": "a"},
    )
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/fine_tuning/jobs")
    assert request_json(request) == {
        "model": "gpt-4o-mini", "training_file": "file-train", "method": method, "suffix": None,
        "integrations": [{"type": "wandb", "wandb": {"project": "p"}}], "metadata": {"team": "a"},
    }
    assert isinstance(created, FineTuningJob)
    assert created.status == FineTuningJobStatus.VALIDATING_FILES and not created.is_terminal
    assert created.hyperparameters is not None
    assert (created.hyperparameters.n_epochs, created.hyperparameters.batch_size) == ("auto", 4)
    assert created.method is not None and created.method.supervised is not None


def test_reinforcement_grader_stays_plain_json_both_ways() -> None:
    grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
              "reference": "{{item.answer}}", "operation": "eq"}
    method = {"type": "reinforcement", "reinforcement": {"grader": grader, "hyperparameters": {"eval_samples": 2}}}
    session, transport = session_for(json_response(job(method=method)))
    created = fine_tuning.create(session, model="o4-mini", training_file="file-train", method=method)
    assert request_json(transport.requests[0])["method"] == method
    assert created.method is not None and created.method.reinforcement is not None
    assert created.method.reinforcement.grader == grader
    assert created.to_dict()["method"] == method


def test_job_actions_post_to_their_paths() -> None:
    session, transport = session_for(*(json_response(job(status)) for status in ("cancelled", "paused", "running")))
    assert fine_tuning.cancel(session, "ftjob-1").status == "cancelled"
    assert fine_tuning.pause(session, "ftjob-1").status == "paused"
    assert fine_tuning.resume(session, "ftjob-1").status == "running"
    assert [(r.method, r.url.rsplit("/", 1)[-1]) for r in transport.requests] == [
        ("POST", "cancel"), ("POST", "pause"), ("POST", "resume"),
    ]
    assert all(r.body is None for r in transport.requests)


def test_ids_are_escaped_as_one_path_segment() -> None:
    session, transport = session_for(json_response(job()))
    fine_tuning.retrieve(session, "ftjob/../x")
    assert transport.requests[0].url == f"{BASE}/fine_tuning/jobs/ftjob%2F..%2Fx"


def test_list_filters_and_walks_the_cursor_pages() -> None:
    first = {"object": "list", "data": [job(id="ftjob-1"), job(id="ftjob-2")], "has_more": True}
    second = {"object": "list", "data": [job(id="ftjob-3")], "has_more": False}
    session, transport = session_for(json_response(first), json_response(second))
    page = fine_tuning.list(session, limit=2, metadata={"team": "a"})
    assert [item.id for item in page] == ["ftjob-1", "ftjob-2", "ftjob-3"]
    assert transport.requests[0].url == f"{BASE}/fine_tuning/jobs?limit=2&metadata[team]=a"
    assert transport.requests[1].url == f"{BASE}/fine_tuning/jobs?after=ftjob-2&limit=2&metadata[team]=a"


def test_events_and_checkpoints_are_typed_pages() -> None:
    event = {"id": "ftevent-1", "object": "fine_tuning.job.event", "created_at": 1, "level": "info",
             "message": "Step 1/10: training loss=0.5", "type": "metrics", "data": {"step": 1, "train_loss": 0.5}}
    checkpoint = {"id": "ftckpt-1", "object": "fine_tuning.job.checkpoint", "created_at": 2,
                  "fine_tuned_model_checkpoint": "ft:gpt-4o-mini:org::ckpt-step-1", "fine_tuning_job_id": "ftjob-1",
                  "step_number": 1, "metrics": {"step": 1, "train_loss": 0.5, "valid_loss": 0.7}}
    session, transport = session_for(
        json_response({"object": "list", "data": [event], "has_more": False}),
        json_response({"object": "list", "data": [checkpoint], "has_more": False, "first_id": "ftckpt-1",
                       "last_id": "ftckpt-1"}),
    )
    events = list(fine_tuning.list_events(session, "ftjob-1", limit=5))
    checkpoints = list(fine_tuning.list_checkpoints(session, "ftjob-1"))
    assert isinstance(events[0], FineTuningJobEvent) and events[0].data == {"step": 1, "train_loss": 0.5}
    assert isinstance(checkpoints[0], FineTuningJobCheckpoint)
    assert checkpoints[0].metrics is not None and checkpoints[0].metrics.valid_loss == 0.7
    assert transport.requests[0].url == f"{BASE}/fine_tuning/jobs/ftjob-1/events?limit=5"
    assert transport.requests[1].url == f"{BASE}/fine_tuning/jobs/ftjob-1/checkpoints"


def test_wait_polls_until_a_terminal_status_on_the_injected_clock() -> None:
    now = [0.0]
    slept: List[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    statuses = ("validating_files", "queued", "running", "succeeded")
    session, transport = session_for(*(json_response(job(s)) for s in statuses), clock=lambda: now[0], sleep=sleep)
    done = fine_tuning.wait(session, "ftjob-1", poll_interval=10)
    assert done.status == "succeeded" and done.is_terminal
    assert slept == [10, 10, 10]
    assert all(r.headers["X-Stainless-Poll-Helper"] == "true" for r in transport.requests)


def test_wait_follows_the_server_hint_else_thirty_seconds() -> None:
    now = [0.0]
    slept: List[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    hint = {"openai-poll-after-ms": "5000"}
    session, transport = session_for(
        json_response(job("queued")), json_response(job("running"), headers=hint), json_response(job("failed")),
        clock=lambda: now[0], sleep=sleep,
    )
    assert fine_tuning.wait(session, "ftjob-1").status == "failed"
    assert slept == [fine_tuning.DEFAULT_POLL_INTERVAL, 5.0] == [30.0, 5.0]
    assert all("X-Stainless-Custom-Poll-Interval" not in r.headers for r in transport.requests)


def test_wait_gives_up_after_max_wait_seconds_with_a_clear_error() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    session, transport = session_for(
        *(json_response(job("running")) for _ in range(4)), clock=lambda: now[0], sleep=sleep
    )
    # Gets at 0, 10 and 20 s, then a last one at the deadline (25 s) before giving up.
    with pytest.raises(TimeoutError, match=r"ftjob-1 is still 'running' after waiting 25 s"):
        fine_tuning.wait(session, "ftjob-1", poll_interval=10, max_wait_seconds=25)
    assert len(transport.requests) == 4 and now[0] == 25
    with pytest.raises(ValueError, match="poll_interval"):
        fine_tuning.wait(session, "ftjob-1", poll_interval=0)


def test_checkpoint_permissions_create_list_delete() -> None:
    permission = {"id": "cp_1", "object": "checkpoint.permission", "created_at": 3, "project_id": "proj_1"}
    session, transport = session_for(
        json_response({"object": "list", "data": [permission], "has_more": False}),
        json_response({"object": "list", "data": [permission], "has_more": False, "first_id": "cp_1",
                       "last_id": "cp_1"}),
        json_response({"id": "cp_1", "object": "checkpoint.permission", "deleted": True}),
    )
    checkpoint = "ft:gpt-4o-mini:org:custom:ckpt-step-1"
    made = fine_tuning.create_permission(session, checkpoint, project_ids=["proj_1"])
    listed = fine_tuning.list_permissions(session, checkpoint, project_id="proj_1", order="ascending")
    deleted = fine_tuning.delete_permission(session, "cp_1", fine_tuned_model_checkpoint=checkpoint)
    assert isinstance(made.data[0], FineTuningCheckpointPermission) and made.data[0].project_id == "proj_1"
    assert [p.id for p in listed] == ["cp_1"] and deleted.deleted is True
    escaped = "ft:gpt-4o-mini:org:custom:ckpt-step-1"
    assert request_json(transport.requests[0]) == {"project_ids": ["proj_1"]}
    assert transport.requests[1].url == (
        f"{BASE}/fine_tuning/checkpoints/{escaped}/permissions?project_id=proj_1&order=ascending"
    )
    assert (transport.requests[2].method, transport.requests[2].url) == (
        "DELETE", f"{BASE}/fine_tuning/checkpoints/{escaped}/permissions/cp_1",
    )
    with pytest.raises(TypeError, match="project_ids"):
        fine_tuning.create_permission(session, checkpoint, project_ids="proj_1")


def test_facade_reaches_every_function() -> None:
    transport = MockTransport(responses=[json_response(job("succeeded"))])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.fine_tuning.jobs.retrieve("ftjob-1").status == "succeeded"
    # openai-python's name for the permissions list is ``retrieve``; ``list`` is the same call.
    permissions = client.fine_tuning.checkpoints.permissions
    assert permissions.retrieve.__func__ is permissions.list.__func__ is fine_tuning.list_permissions


def test_a_job_that_has_not_failed_may_carry_an_error_of_nulls() -> None:
    # The spec's examples of a created job: ``"error": {"code": null, "message": null, "param": null}``.
    nulls = {"code": None, "message": None, "param": None}
    session, _ = session_for(json_response(job("validating_files", error=nulls)))
    created = fine_tuning.retrieve(session, "ftjob-1")
    assert created.status == "validating_files" and created.error is not None and created.error.code is None
