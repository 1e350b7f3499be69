"""The tenant-scoped manager as a named, typed class.

`django_scopes.ScopedManager(school="...")` builds an anonymous class on every call, which the
type checker (django-stubs) cannot resolve: every query through it would be untyped. This class
behaves the same (the logic follows django-scopes 2.1.0, Apache-2.0) and is a plain
`models.Manager[Model]`, so `School.objects.filter(...)` is a `QuerySet[School]` for mypy.

Use: `objects = ScopedManager(school="programme__school")` on every school-owned model.
"""

import copy
from typing import Any, Self, TypeVar

from django.db import models
from django_scopes import get_scope
from django_scopes.manager import DisabledQuerySet

_M = TypeVar("_M", bound=models.Model)


class ScopedManager(models.Manager[_M]):
    """Filters every query by the active scope (`with scope(school=...)`).

    Outside any scope, queries raise `ScopeError` instead of leaking rows of every school;
    `scopes_disabled()` (tasks, seeds, admin) lifts the filter.
    """

    _override_scope: dict[str, Any]

    def __init__(self, **scopes: str) -> None:
        super().__init__()
        self.scopes = scopes  # dimension -> lookup path to the scoped object

    def with_scope(self, **scope: Any) -> Self:
        cloned = copy.copy(self)
        cloned._override_scope = {**scope, "_enabled": True}
        return cloned

    def with_scopes_disabled(self) -> Self:
        cloned = copy.copy(self)
        cloned._override_scope = {"_enabled": False}
        return cloned

    def get_queryset(self) -> models.QuerySet[_M]:
        current: dict[str, Any] = getattr(self, "_override_scope", None) or get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        missing = set(self.scopes) - set(current)
        if missing:
            disabled: models.QuerySet[_M] = DisabledQuerySet(
                self.model, using=self._db, missing_scopes=missing
            )
            return disabled
        filters: dict[str, Any] = {}
        for dimension, path in self.scopes.items():
            value = current[dimension]
            if isinstance(value, list | tuple):
                filters[f"{path}__in"] = value
            elif value is not None:
                filters[path] = value
        return super().get_queryset().filter(**filters)

    def all(self) -> models.QuerySet[_M]:
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()  # raises ScopeError: no scope is active
        return queryset
