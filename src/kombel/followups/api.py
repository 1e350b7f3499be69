"""Follow-up items (rencana tindak lanjut) under /schools/{npsn}/followups.

Bad input answers 422 with messages by field, a stale version 409 (kombel.core.api).
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kombel.core.api import Paged, Rows, changed_since, object_of_school, require, rows
from kombel.core.extensions import followup_source
from kombel.followups import queries, services
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.queries import members_of_school

router = Router(tags=["followups"])


class ActionItemOut(Schema):
    id: UUID
    description: str
    owner_id: UUID
    owner_name: str
    due_date: datetime.date
    status: str
    status_note: str
    evidence_url: str
    is_overdue: bool
    source_type: str
    source_id: str
    source_label: str
    source_url: str
    version: int
    updated_at: datetime.datetime


class ActionItemIn(Schema):
    source_type: str
    source_id: UUID
    description: str
    owner_id: UUID
    due_date: datetime.date


class StatusIn(Schema):
    status: str
    note: str = ""
    evidence_url: str = ""
    version: int


def item_out(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "description": item.description,
        "owner_id": item.owner_id,
        "owner_name": item.owner.full_name,
        "due_date": item.due_date,
        "status": item.status,
        "status_note": item.status_note,
        "evidence_url": item.evidence_url,
        "is_overdue": item.is_overdue,
        "source_type": item.source_type,
        "source_id": item.source_id,
        "source_label": item.source_label,
        "source_url": item.source_url,
        "version": item.version,
        "updated_at": item.updated_at,
    }


@router.get("/schools/{npsn}/followups", response=list[ActionItemOut])
@paginate(Paged)
def list_items(
    request: SchoolHttpRequest,
    npsn: str,
    owner: UUID | None = None,
    status: ItemStatus | None = None,
    source_type: str = "",
    overdue: bool = False,
    due_from: datetime.date | None = None,
    due_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[ActionItem, dict[str, Any]]:
    """Soonest due first; `due_from`/`due_to` (inclusive) and `updated_since` narrow."""
    school = request.school
    require(request, "followups.view_all", school)
    items = queries.items_of_school(
        school, owner=owner, status=status or "", source_type=source_type, overdue=overdue
    )
    if due_from is not None:
        items = items.filter(due_date__gte=due_from)
    if due_to is not None:
        items = items.filter(due_date__lte=due_to)
    return rows(changed_since(items, updated_since), item_out)


@router.post("/schools/{npsn}/followups", response={201: ActionItemOut})
def create_item(request: SchoolHttpRequest, npsn: str, payload: ActionItemIn) -> Status[Any]:
    """A follow-up agreed at a source (`source_type` as listed in the tracker's filters)."""
    school = request.school
    spec = followup_source(payload.source_type)
    if spec is None:
        raise ValidationError({"source_type": _("Unknown source.")})
    source = object_of_school(spec.model, payload.source_id, school=school, field="source_id")
    require(request, spec.add_perm, source)
    owner = object_of_school(
        members_of_school(school),
        payload.owner_id,
        school=school,
        field="owner_id",
        message=_("The owner must be a member of this school."),
    )
    item = services.action_item_create(
        source=source,
        actor=request.user,
        owner=owner,
        description=payload.description,
        due_date=payload.due_date,
    )
    return Status(201, item_out(item))


@router.get("/schools/{npsn}/followups/mine", response=list[ActionItemOut])
@paginate(Paged)
def list_my_items(
    request: SchoolHttpRequest,
    npsn: str,
    status: ItemStatus | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[ActionItem, dict[str, Any]]:
    """One's own items: open first (soonest due), then the others."""
    school = request.school
    require(request, "followups.view_own", school)
    items = queries.items_of_owner(school, request.user)
    if status is not None:
        items = items.filter(status=status)
    return rows(changed_since(items, updated_since), item_out)


@router.get("/schools/{npsn}/followups/{item_id}", response=ActionItemOut)
def get_item(request: SchoolHttpRequest, npsn: str, item_id: UUID) -> dict[str, Any]:
    item = queries.get_item_for_user(request.school, item_id)
    require(request, "followups.view_item", item)
    return item_out(item)


@router.post("/schools/{npsn}/followups/{item_id}/status", response=ActionItemOut)
def set_status(
    request: SchoolHttpRequest, npsn: str, item_id: UUID, payload: StatusIn
) -> dict[str, Any]:
    item = queries.get_item_for_user(request.school, item_id)
    require(request, "followups.change_item", item)
    item = services.action_item_status_set(
        item=item,
        actor=request.user,
        status=payload.status,
        note=payload.note,
        evidence_url=payload.evidence_url,
        version=payload.version,
    )
    return item_out(item)
