"""Rows for a paginator (Django's, and the API's through it) counted by a second query
for the same rows: one shaped to read a page, one to count them all (the case list,
``cases.access.cases_visible_to``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Counted(Generic[M]):
    rows: QuerySet[M]
    counted: QuerySet[M]

    def count(self) -> int:
        return self.counted.count()

    @overload
    def __getitem__(self, index: int) -> M: ...
    @overload
    def __getitem__(self, index: slice) -> QuerySet[M]: ...
    def __getitem__(self, index: int | slice) -> M | QuerySet[M]:
        return self.rows[index]

    def __iter__(self) -> Iterator[M]:
        return iter(self.rows)

    def __len__(self) -> int:
        return self.count()
