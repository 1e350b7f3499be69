"""Reads of the follow-up tracker, shared by views, the API and other apps."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from kombel.accounts.models import User
from kombel.core.extensions import followup_source, followup_source_for
from kombel.core.http import one_or_404
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.models import School
from kombel.schools.queries import staff_of_school


def open_items_for_user(user: User) -> QuerySet[ActionItem]:
    """The user's open items in all their schools, soonest due first (for the home page).

    Each item has `is_overdue`; `item.school` is loaded.
    """
    return (
        ActionItem.objects.filter(owner=user, status=ItemStatus.OPEN)
        .select_related("school")
        .order_by("due_date", "created_at")
    )


def items_of_school(
    school: School,
    *,
    owner: Any = None,
    status: str = "",
    source_type: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[ActionItem]:
    """All items of a school, filtered (the facilitator team's view of what is slipping)."""
    qs = ActionItem.objects.filter(school=school).select_related("owner")
    if owner:
        qs = qs.filter(owner=owner)
    if status:
        qs = qs.filter(status=status)
    if source_type:
        qs = qs.filter(source_type=source_type)
    if overdue:
        qs = qs.filter(status=ItemStatus.OPEN, due_date__lt=today or timezone.localdate())
    return qs.order_by("due_date", "created_at")


def items_of_owner(school: School, user: User) -> QuerySet[ActionItem]:
    """One person's items in a school: open first (soonest due), then closed ones."""
    return (
        ActionItem.objects.filter(school=school, owner=user)
        .select_related("owner")
        .order_by("-status", "due_date")
    )


def items_from_sources(
    school: School, source_type: str, source_ids: Iterable[Any]
) -> dict[str, list[ActionItem]]:
    """Items from several sources at once (one query), keyed by source id."""
    by_source: dict[str, list[ActionItem]] = {}
    ids = [str(i) for i in source_ids]
    for item in items_of_school(school, source_type=source_type).filter(source_id__in=ids):
        by_source.setdefault(item.source_id, []).append(item)
    return by_source


@dataclass
class ItemCounts:
    total: int = 0
    done: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0

    def add(self, other: "ItemCounts") -> None:
        self.total += other.total
        self.done += other.done
        self.on_time += other.on_time
        self.open += other.open
        self.overdue += other.overdue


def counts_by_source(
    school: School,
    source_type: str,
    today: datetime.date,
    source_ids: Collection[str] | None = None,
) -> dict[str, ItemCounts]:
    """Per source id: items total, done, done on time, open, overdue (one query).

    "On time" compares the completion date (in the current time zone) with the due date.
    `source_ids` limits the count to those sources (an empty one: no query), so that one
    community's page reads its own meetings' items, not the whole school's.
    """
    result: dict[str, ItemCounts] = {}
    items = ActionItem.objects.filter(school=school, source_type=source_type)
    if source_ids is not None:
        items = items.filter(source_id__in=list(source_ids))
    rows = items.values_list("source_id", "status", "due_date", "completed_at")
    for source_id, status, due, completed_at in rows:
        c = result.setdefault(source_id, ItemCounts())
        c.total += 1
        if status == ItemStatus.DONE:
            c.done += 1
            if completed_at is not None and timezone.localdate(completed_at) <= due:
                c.on_time += 1
        elif status == ItemStatus.OPEN:
            c.open += 1
            if due < today:
                c.overdue += 1
    return result


def source_types_of_school(school: School) -> list[str]:
    return list(
        ActionItem.objects.filter(school=school)
        .order_by("source_type")
        .values_list("source_type", flat=True)
        .distinct()
    )


def get_item_for_user(school: School, pk: UUID | str) -> ActionItem:
    """The school's item, or 404 for a missing one and another school's alike."""
    return one_or_404(
        ActionItem.objects.filter(school=school).select_related("owner", "created_by", "school"),
        pk,
    )


def possible_owners(source: Any) -> QuerySet[User]:
    """Who may own a follow-up agreed at `source`: as its app says, else the school's staff."""
    owners = followup_source_for(source).owners
    return owners(source) if owners is not None else staff_of_school(source.school)


def source_type_label(source_type: str) -> str:
    """The kind of source in the reader's language ("Community meeting")."""
    spec = followup_source(source_type)
    return str(spec.label) if spec is not None else source_type


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Home: my ten soonest open follow-ups, and a link to all of them per school that has any."""
    user = request.user
    items = list(open_items_for_user(user)[:10])
    if not items:
        return None
    if len(items) < 10:  # every open item is here: its schools are known
        school_ids = {item.school_id for item in items}
    else:
        school_ids = set(open_items_for_user(user).values_list("school_id", flat=True).distinct())
    return {"items": items, "schools": [s for s in schools if s.pk in school_ids]}


def get_source_for_user(school: School, source_type: str, source_id: Any) -> Any | None:
    """The source object (a session, a meeting...) of `school` named by a form or API body, or
    None for an unknown kind, a missing object and another school's alike."""
    spec = followup_source(source_type)
    if spec is None:
        return None
    return spec.model._default_manager.filter(school=school, pk=source_id).first()


def school_figures(schools: list[School], today: datetime.date) -> dict[Any, list[Any]]:
    """The summary of schools (core.extensions.SchoolFigures): overdue follow-ups, one query."""
    counts = dict(
        ActionItem.objects.filter(school__in=schools, status=ItemStatus.OPEN, due_date__lt=today)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return {s.pk: [(gettext("Overdue follow-ups"), str(counts.get(s.pk, 0)))] for s in schools}
