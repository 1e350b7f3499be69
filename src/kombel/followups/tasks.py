"""Background work of the follow-up tracker: ids in, scope on, call a service."""

from django_scopes import scope, scopes_disabled
from django_tasks import task

from kombel.followups.services import overdue_items_escalate
from kombel.schools.models import School


@task()
def escalate_overdue(school_id: str) -> int:
    with scopes_disabled():
        school = School.objects.filter(pk=school_id).first()
    if school is None:
        return 0
    with scope(school=[school.pk]):
        return overdue_items_escalate(school=school)
