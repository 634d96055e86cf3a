"""``client.beta.agents.environments.files.upload``, ``prepare`` and ``prepare_directory``: local
files into an agent's environment, through the Files API.

Written by hand beside the generated ``beta_agents_environments_files`` module. ``upload`` uploads
one file (``purpose="user_data"``) and stages it at an absolute path under ``/workspace`` of an
existing environment. ``prepare`` uploads files for an environment yet to be made and returns the
``{"type": "file_id", ...}`` entries to put in it; ``prepare_directory`` selects the files of a
directory by glob patterns first. The uploads stay the caller's to delete: when a step fails, the
error (``AgentFilePreparationError``, ``AgentFileStagingError``) names the uploads made so far.
Symlinks are refused, and destinations must not collide or reach into the environment's own paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Dict, List, Mapping, Sequence, Union

from msgspec import UNSET

from .._errors import OpenAIError
from ..types.beta_agents_environments_files import EnvironmentFile
from . import beta_agents_environments_files
from . import files as files_api
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

__all__ = [
    "AgentFilePreparationError",
    "AgentFileStagingError",
    "PreparedAgentFiles",
    "StagedAgentFile",
    "prepare",
    "prepare_directory",
    "upload",
]

_RESERVED = (".codex", ".managed-agents")


@dataclass
class PreparedAgentFiles:
    """Beta: the environment file entries made by ``prepare``, and the uploads behind them (yours
    to delete with ``client.files.delete`` when done)."""

    files: List[Dict[str, Any]] = field(default_factory=list)
    uploaded_file_ids: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class StagedAgentFile:
    """Beta: a file staged in an environment, and the upload it came from (yours to delete)."""

    uploaded_file_id: str
    file: EnvironmentFile


class AgentFilePreparationError(OpenAIError):
    """Beta: ``prepare`` failed part way; ``prepared`` holds the uploads that succeeded."""

    def __init__(self, prepared: PreparedAgentFiles) -> None:
        super().__init__("Could not prepare all agent files; the uploads made so far are in .prepared, yours to delete")
        self.prepared = prepared


class AgentFileStagingError(OpenAIError):
    """Beta: the upload succeeded but staging it in the environment failed; ``uploaded_file_id``."""

    def __init__(self, uploaded_file_id: str) -> None:
        super().__init__(f"Could not stage the agent file; its upload {uploaded_file_id} is yours to delete")
        self.uploaded_file_id = uploaded_file_id


def destination_path(value: str) -> str:
    """``value`` if it is an absolute POSIX path of a file under ``/workspace`` the caller may write."""
    parts = value.split("/")[1:]
    if not value.startswith("/workspace/") or "\x00" in value or "\\" in value:
        raise ValueError(f"agent file destinations must be absolute POSIX paths under /workspace, not {value!r}")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"agent file destination {value!r} has an empty, '.' or '..' component")
    if parts[1] in _RESERVED or parts[1].startswith(".managed-agents-") or value == "/workspace/outputs":
        raise ValueError(f"agent file destination {value!r} is a path the environment reserves")
    return value


def _local_file(value: Union[str, os.PathLike[str]]) -> Path:
    path = Path(value).absolute()
    if path.is_symlink():
        raise ValueError(f"{path} is a symlink: select the file it points to")
    if not path.is_file():
        raise ValueError(f"{path} is not a regular file")
    return path


def upload(
    session: SessionLike,
    /,
    environment_id: str,
    *,
    file: Any,
    path: str,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> StagedAgentFile:
    """Beta: upload ``file`` (a path, bytes, a binary file or a ``(name, content)`` tuple) and stage
    it at ``path`` in the environment ``environment_id``."""
    if not environment_id:
        raise ValueError("environment_id must not be empty")
    destination = destination_path(path)
    if isinstance(file, os.PathLike):
        file = _local_file(file)
    options: Dict[str, Any] = {"extra_headers": extra_headers, "extra_query": extra_query, "timeout": timeout}
    uploaded = files_api.create(session, file=file, purpose="user_data", extra_body=extra_body, **options)
    try:
        staged = beta_agents_environments_files.create(
            session, environment_id, type="file_id", file_id=uploaded.id, path=destination, extra_body=extra_body,
            **options,
        )
    except Exception as error:
        raise AgentFileStagingError(uploaded.id) from error
    return StagedAgentFile(uploaded_file_id=uploaded.id, file=staged)


def prepare(
    session: SessionLike,
    /,
    files: Mapping[str, Union[str, os.PathLike[str]]],
    *,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> PreparedAgentFiles:
    """Beta: upload local files (destination path -> local path) for a new environment; put
    ``.files`` in the environment's ``files``."""
    given = {name.lower() for name in (extra_headers or {})} | {n.lower() for n in session._session.default_headers}
    if len(files) > 1 and "idempotency-key" in given:
        raise ValueError("one Idempotency-Key cannot be used for several uploads: prepare the files one at a time")
    destinations = [destination_path(destination) for destination in files]
    taken = set(destinations)
    if len(taken) != len(destinations) or any(
        str(parent) in taken for destination in destinations for parent in PurePosixPath(destination).parents
    ):
        raise ValueError("the destinations of the selected agent files repeat or contain one another")
    selected = [(destination, _local_file(source)) for destination, source in files.items()]
    prepared = PreparedAgentFiles()
    try:
        for destination, source in selected:
            uploaded = files_api.create(session, file=source, purpose="user_data", extra_headers=extra_headers,
                                    extra_query=extra_query, extra_body=extra_body, timeout=timeout)
            prepared.uploaded_file_ids.append(uploaded.id)
            prepared.files.append({"type": "file_id", "file_id": uploaded.id, "path": destination})
    except Exception as error:
        raise AgentFilePreparationError(prepared) from error
    return prepared


def prepare_directory(
    session: SessionLike,
    /,
    root: Union[str, os.PathLike[str]],
    *,
    destination: str,
    include: Sequence[str],
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> PreparedAgentFiles:
    """Beta: ``prepare`` the files under ``root`` that the glob patterns ``include`` select,
    placed under ``destination`` as they are under ``root``."""
    return prepare(session, directory_files(root, destination, include), extra_headers=extra_headers,
                   extra_query=extra_query, extra_body=extra_body, timeout=timeout)


def directory_files(
    root: Union[str, os.PathLike[str]], destination: str, include: Sequence[str]
) -> Dict[str, Path]:
    """Destination path -> local file, for the files under ``root`` the patterns select."""
    directory = Path(root).absolute()
    if isinstance(include, str) or not include:
        raise ValueError("select the directory's files with a list of include patterns")
    if directory.is_symlink() or not directory.is_dir():
        raise ValueError(f"{directory} must be a directory, not a symlink")
    directory = directory.resolve()
    destination_path(destination + "/a")  # checks the directory part, with the shortest file name
    for pattern in include:
        if not pattern or PurePosixPath(pattern).is_absolute() or ".." in PurePosixPath(pattern).parts:
            raise ValueError(f"include pattern {pattern!r} must stay inside the selected directory")
    selected: Dict[str, Path] = {}
    for pattern in include:
        for source in sorted(directory.glob(pattern)):
            if any(p.is_symlink() for p in [source, *source.parents] if directory in p.parents or p == source):
                raise ValueError(f"{source} is or lies under a symlink")
            if source.is_dir():
                continue
            relative = source.relative_to(directory).as_posix()
            selected[str(PurePosixPath(destination) / relative)] = source
    if not selected:
        raise ValueError("the include patterns selected no file")
    return selected
