"""Follow-up items (rencana tindak lanjut) under /schools/{npsn}/followups.

Bad input answers 422 with messages by field, a stale version 409 (kombel.core.api).
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kombel.accounts.models import User
from kombel.core.api import require
from kombel.core.extensions import followup_source, followup_source_for
from kombel.followups import queries, services
from kombel.followups.models import ActionItem
from kombel.schools.http import SchoolHttpRequest

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
    }


@router.get("/schools/{npsn}/followups", response=list[ActionItemOut])
def list_items(
    request: SchoolHttpRequest,
    npsn: str,
    owner: UUID | None = None,
    status: str = "",
    source_type: str = "",
    overdue: bool = False,
) -> list[dict[str, Any]]:
    school = request.school
    require(request, "followups.view_all", school)
    items = queries.items_of_school(
        school, owner=owner, status=status, source_type=source_type, overdue=overdue
    )
    return [item_out(i) for i in items[:500]]


@router.post("/schools/{npsn}/followups", response={201: ActionItemOut})
def create_item(request: SchoolHttpRequest, npsn: str, payload: ActionItemIn) -> Status[Any]:
    """A follow-up agreed at a source (`source_type` as listed in the tracker's filters)."""
    school = request.school
    if followup_source(payload.source_type) is None:
        raise ValidationError({"source_type": _("Unknown source.")})
    source = queries.get_source_for_user(school, payload.source_type, payload.source_id)
    if source is None:
        raise ValidationError({"source_id": _("Not found in this school.")})
    require(request, followup_source_for(source).add_perm, source)
    owner = User.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": _("The owner must be a member of this school.")})
    item = services.action_item_create(
        source=source,
        actor=request.user,
        owner=owner,
        description=payload.description,
        due_date=payload.due_date,
    )
    return Status(201, item_out(item))


@router.get("/schools/{npsn}/followups/mine", response=list[ActionItemOut])
def list_my_items(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = request.school
    require(request, "followups.view_own", school)
    return [item_out(i) for i in queries.items_of_owner(school, request.user)]


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
