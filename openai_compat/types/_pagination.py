"""List pages. A cursor page knows how to fetch the next one; iterating it walks every page."""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Generic, Iterator, List, Optional, TypeVar

import msgspec

from ._base import APIObject

__all__ = ["SyncConversationCursorPage", "SyncCursorPage", "SyncNextCursorPage", "SyncPage", "SyncTokenPage"]

T = TypeVar("T")


class SyncPage(APIObject, Generic[T]):
    """A list the API returns whole (``models.list``): ``data`` is everything."""

    data: List[T] = msgspec.field(default_factory=list)
    object: str = "list"

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def has_next_page(self) -> bool:
        """Always ``False``: the list came whole."""
        return False

    def get_next_page(self) -> SyncPage[T]:
        """There is none: raises ``RuntimeError``, as openai-python's ``SyncPage`` does."""
        raise RuntimeError("No next page expected; check `.has_next_page()` before calling `.get_next_page()`.")

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page alone (the same loop works for every kind of page)."""
        yield self


class SyncCursorPage(APIObject, Generic[T]):
    """One page of a cursor-paginated list; the next page is asked for with ``after=<last id>``.

    Only an explicit ``has_more: false`` (or an empty page) ends the walk, as in openai-python,
    since some compatible servers leave ``has_more`` out.
    """

    data: List[T] = msgspec.field(default_factory=list)
    object: str = "list"
    has_more: Optional[bool] = None
    first_id: Optional[str] = None
    last_id: Optional[str] = None
    # The query parameter that asks for the page after a cursor.
    cursor_param: ClassVar[str] = "after"

    def _next_cursor(self) -> Optional[str]:
        if not self.data or type(self.data) is not list or self.has_more is False:
            return None
        cursor = getattr(self.data[-1], "id", None)
        if cursor is None and isinstance(self.data[-1], dict):
            cursor = self.data[-1].get("id")
        return cursor if isinstance(cursor, str) and cursor else None

    def has_next_page(self) -> bool:
        return self._next_cursor() is not None and "_fetch_after" in self.__dict__

    def get_next_page(self) -> SyncCursorPage[T]:
        """Fetch the page after this one (same filters, ``after`` moved on)."""
        cursor = self._next_cursor()
        fetch: Optional[Callable[[str], SyncCursorPage[T]]] = self.__dict__.get("_fetch_after")
        if cursor is None or fetch is None:
            raise RuntimeError("No next page expected; check `.has_next_page()` before calling `.get_next_page()`.")
        return fetch(cursor)

    def iter_pages(self) -> Iterator[SyncCursorPage[T]]:
        """This page, then every following one."""
        page: SyncCursorPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        """Every item of this page and the pages after it."""
        for page in self.iter_pages():
            yield from page.data

    def __len__(self) -> int:
        return len(self.data)


class SyncConversationCursorPage(SyncCursorPage[T]):
    """A cursor page whose next page is asked for with ``after=<last_id>``, the body's own cursor
    (conversation items). The walk ends at ``has_more: false``, an empty page or no ``last_id``.
    """

    def _next_cursor(self) -> Optional[str]:
        if not self.data or type(self.data) is not list or self.has_more is False:
            return None
        return self.last_id if isinstance(self.last_id, str) and self.last_id else None


class SyncNextCursorPage(SyncCursorPage[T]):
    """A cursor page that names its successor in ``next`` (the admin API's groups and roles);
    the next page is asked for with ``after=<next>``. The walk ends at ``has_more: false``, an
    empty page or no ``next``.
    """

    next: Optional[str] = None

    def _next_cursor(self) -> Optional[str]:
        if not self.data or self.has_more is False:
            return None
        return self.next or None


class SyncTokenPage(SyncNextCursorPage[T]):
    """A page that names its successor in ``next``, asked for with ``page=<next>`` (the files of
    an agents environment). The walk ends at ``has_more: false``, an empty page or no ``next``."""

    cursor_param: ClassVar[str] = "page"


def attach_fetcher(page: Any, fetch_after: Callable[[str], Any]) -> None:
    """Give a decoded cursor page the means to fetch its successor."""
    page.__dict__["_fetch_after"] = fetch_after
