"""Mentoring visits (pendampingan) and lesson-study cycles."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.versioning import check_version
from kombel.lessons.models import LessonPlan
from kombel.observations.enums import CYCLE_ORDER, CycleStage, VisitStatus
from kombel.observations.models import LessonStudyCycle, Visit
from kombel.schools.enums import TEACHING_ROLES
from kombel.schools.models import Membership, School, SchoolClass


def _check_teachers(school: School, teachers: list[User], field: str = "teachers") -> None:
    if not teachers:
        raise ValidationError({field: _("Choose at least one teacher.")})
    ids = {t.pk for t in teachers}
    found = set(
        Membership.objects.filter(school=school, role__in=TEACHING_ROLES, user_id__in=ids)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if ids - found:
        raise ValidationError({field: _("Choose teachers of this school.")})


def _check_class(school: School, school_class: SchoolClass | None) -> None:
    if school_class is not None and school_class.school_id != school.pk:
        raise ValidationError({"school_class": _("Choose a class of this school.")})


def previous_visit(school: School, teachers: list[User], before: datetime.date) -> Visit | None:
    """The latest earlier visit to any of these teachers: the next one opens with its
    recommendations."""
    return (
        Visit.objects.filter(
            school=school, teachers__in=[t.pk for t in teachers], visited_on__lt=before
        )
        .order_by("-visited_on", "-created_at")
        .first()
    )


@transaction.atomic
def visit_create(
    *,
    school: School,
    actor: User,
    teachers: list[User],
    visited_on: datetime.date,
    school_class: SchoolClass | None = None,
    status: str = VisitStatus.DONE,
    focus: str = "",
    seen: str = "",
    recommendations: str = "",
) -> Visit:
    """A visit recorded by the mentor who made (or plans) it."""
    _check_teachers(school, teachers)
    _check_class(school, school_class)
    visit = Visit(
        school=school,
        mentor=actor,
        visited_on=visited_on,
        school_class=school_class,
        status=status,
        focus=focus.strip(),
        seen=seen.strip(),
        recommendations=recommendations.strip(),
        previous=previous_visit(school, teachers, visited_on),
    )
    visit.full_clean()
    visit.save()
    visit.teachers.set(teachers)
    log_action(
        "observations.visit.recorded",
        actor=actor,
        school=school,
        obj=visit,
        data={"teachers": [str(t.pk) for t in teachers], "status": status},
    )
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    actor: User,
    version: int | None,
    teachers: list[User],
    visited_on: datetime.date,
    school_class: SchoolClass | None = None,
    status: str = VisitStatus.DONE,
    focus: str = "",
    seen: str = "",
    recommendations: str = "",
) -> Visit:
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    check_version(current, version)
    _check_teachers(current.school, teachers)
    _check_class(current.school, school_class)
    current.visited_on, current.school_class, current.status = visited_on, school_class, status
    current.focus, current.seen = focus.strip(), seen.strip()
    current.recommendations = recommendations.strip()
    current.version += 1
    current.full_clean()
    current.save()
    current.teachers.set(teachers)
    log_action("observations.visit.updated", actor=actor, school=current.school, obj=current)
    return current


@transaction.atomic
def cycle_create(
    *,
    school: School,
    actor: User,
    title: str,
    teacher: User,
    members: list[User],
    school_class: SchoolClass | None = None,
    plan: str = "",
    plan_link: str = "",
    lesson_plan: LessonPlan | None = None,
) -> LessonStudyCycle:
    """A lesson-study cycle: `teacher` teaches the lesson the members plan and observe."""
    _check_teachers(school, [teacher], "teacher")
    _check_teachers(school, members, "members")
    _check_class(school, school_class)
    if lesson_plan is not None and lesson_plan.school_id != school.pk:
        raise ValidationError({"lesson_plan": _("Choose a lesson plan of this school.")})
    cycle = LessonStudyCycle(
        school=school,
        title=title.strip(),
        teacher=teacher,
        school_class=school_class,
        plan=plan.strip(),
        plan_link=plan_link.strip(),
        lesson_plan=lesson_plan,
        created_by=actor,
    )
    cycle.full_clean()
    cycle.save()
    cycle.members.set(members)
    log_action("observations.cycle.created", actor=actor, school=school, obj=cycle)
    return cycle


@transaction.atomic
def cycle_update(
    *,
    cycle: LessonStudyCycle,
    actor: User,
    version: int | None,
    plan: str,
    plan_link: str,
    reflection: str,
    revised_plan: str,
    advance: bool = False,
) -> LessonStudyCycle:
    """Write the plan, the reflection meeting and the revised plan; `advance` moves the cycle
    on (do: once the lesson's observation is planned; revised plan: once reflected on)."""
    current = LessonStudyCycle.objects.select_for_update().get(pk=cycle.pk)
    check_version(current, version)
    current.plan, current.plan_link = plan.strip(), plan_link.strip()
    current.reflection, current.revised_plan = reflection.strip(), revised_plan.strip()
    if advance:
        stage = current.stage
        if stage == CycleStage.DONE:
            raise ValidationError(_("This cycle is completed."))
        if stage == CycleStage.PLAN and not current.plan:
            raise ValidationError({"plan": _("Write the plan designed together first.")})
        if stage == CycleStage.DO and not current.observations.exists():
            raise ValidationError(_("Plan the observation of the lesson first."))
        if stage == CycleStage.SEE and not current.reflection:
            raise ValidationError({"reflection": _("Write what the reflection meeting found.")})
        if stage == CycleStage.REVISE and not current.revised_plan:
            raise ValidationError({"revised_plan": _("Write the revised plan first.")})
        current.stage = CYCLE_ORDER[CYCLE_ORDER.index(stage) + 1]
    current.version += 1
    current.full_clean()
    current.save()
    log_action(
        "observations.cycle.updated",
        actor=actor,
        school=current.school,
        obj=current,
        data={"stage": current.stage},
    )
    return current


def members_ids(cycle: Any) -> set[Any]:
    return set(cycle.members.values_list("pk", flat=True))
