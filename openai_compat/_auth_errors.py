"""The errors of authenticating with a ``workload_identity`` (named as in openai-python).

    OpenAIError
    ├── SubjectTokenProviderError     the platform's token (Kubernetes, Azure, GCP) could not be read
    └── APIError > APIStatusError > AuthenticationError
        └── OAuthError                the OAuth token exchange refused the subject token
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

from ._errors import AuthenticationError, OpenAIError

if TYPE_CHECKING:
    from ._http.transport import Request, Response

__all__ = ["OAuthError", "SubjectTokenProviderError"]


class OAuthError(AuthenticationError):
    """The OAuth token exchange of a ``workload_identity`` answered 400, 401 or 403.

    ``error`` is the OAuth error code (``invalid_grant``, ``invalid_request``, ...); the message is
    the server's ``error_description`` when it sent one.
    """

    def __init__(self, *, response: Response, body: object, request: Optional[Request] = None) -> None:
        fields: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
        description = fields.get("error_description")
        message = description if isinstance(description, str) and description else "OAuth authentication error."
        super().__init__(message, response=response, body=body, request=request)
        error = fields.get("error")
        self.error: Optional[str] = error if isinstance(error, str) else None


class SubjectTokenProviderError(OpenAIError):
    """A workload identity's subject token provider failed (an unreadable or empty token file, a
    metadata server that did not answer); ``response`` is the metadata server's, when there was one."""

    def __init__(self, message: str, *, response: Optional[Response] = None) -> None:
        super().__init__(message)
        self.response = response

    def __reduce__(self) -> Any:
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[SubjectTokenProviderError], args: Any, state: Any) -> SubjectTokenProviderError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
