"""``client.beta.agents.sessions.artifacts.for_result``: the artifacts of one completed turn.

Written by hand beside the generated ``beta_agents_sessions_artifacts`` module. An artifact is
looked up by its path among those the turn of an ``AgentTurnResult`` produced (listing the
session's artifacts, every page), so a file another turn wrote at the same path is never read by
mistake; no match, or more than one, raises ``ValueError``.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any, Optional, Union

from msgspec import UNSET

from .._streaming.agent_results import AgentTurnResult
from ..types.beta_agents_sessions_artifacts import SessionArtifact
from . import beta_agents_sessions_artifacts
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

if TYPE_CHECKING:
    from .._uploads.binary import BinaryResponse

__all__ = ["AgentResultArtifacts", "for_result"]


class AgentResultArtifacts:
    """Beta: read the artifacts of the turn of one ``AgentTurnResult`` by path."""

    def __init__(self, session: SessionLike, result: AgentTurnResult[Any]) -> None:
        self._session = session._session
        self.session_id = result.session_id
        self.turn_id = result.turn_id

    def content(
        self,
        path: str,
        *,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
        timeout: TimeoutArg = UNSET,
    ) -> BinaryResponse:
        """The content of the turn's artifact at ``path``, its body still on the wire."""
        artifact = self.find(path, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout)
        return beta_agents_sessions_artifacts.content(
            self._session, artifact.id, session_id=self.session_id, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )

    def download(
        self,
        path: str,
        *,
        to: Union[str, os.PathLike[str], IO[bytes]],
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
        timeout: TimeoutArg = UNSET,
    ) -> SessionArtifact:
        """Stream the turn's artifact at ``path`` to the file ``to``; return the artifact."""
        artifact = self.find(path, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout)
        content = beta_agents_sessions_artifacts.content(
            self._session, artifact.id, session_id=self.session_id, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        try:
            content.write_to_file(to)
        finally:
            content.close()
        return artifact

    def find(
        self, path: str, *, extra_headers: Headers = None, extra_query: Query = None, timeout: TimeoutArg = UNSET
    ) -> SessionArtifact:
        """The one artifact this turn wrote at ``path``."""
        found: Optional[SessionArtifact] = None
        pages = beta_agents_sessions_artifacts.list(
            self._session, self.session_id, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout
        )
        for artifact in pages:
            if artifact.session_id == self.session_id and artifact.turn_id == self.turn_id and artifact.path == path:
                if found is not None:
                    raise ValueError(f"more than one artifact of turn {self.turn_id} has the path {path!r}")
                found = artifact
        if found is None:
            raise ValueError(f"no artifact of turn {self.turn_id} has the path {path!r}")
        return found

    def __repr__(self) -> str:
        return f"<AgentResultArtifacts session_id={self.session_id!r} turn_id={self.turn_id!r}>"


def for_result(session: SessionLike, /, result: AgentTurnResult[Any]) -> AgentResultArtifacts:
    """Beta: the artifacts of the turn ``result`` completed, read by path."""
    return AgentResultArtifacts(session, result)
