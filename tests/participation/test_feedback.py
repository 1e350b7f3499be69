"""Monthly parent feedback, community leaders' local input, forum meetings, figures, home."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.participation import queries, services
from kombel.participation.enums import FORUM_MEETING_KIND, InputStatus, InputTarget
from kombel.participation.models import MeetingAttendance, MonthlyFeedback
from kombel.programs.models import Material
from kombel.schools.enums import Role
from tests.factories import CommunityFactory, ProgrammeFactory, SchoolClassFactory
from tests.factories.participation import ChildClassFactory, ConsentFactory
from tests.participation.conftest import member

pytestmark = pytest.mark.usefixtures("unscoped")

NOV = datetime.date(2026, 11, 14)
DEC = datetime.date(2026, 12, 3)


def test_feedback_once_a_month_changed_until_the_month_ends(parent, klass):
    first = services.feedback_submit(
        actor=parent, school_class=klass, engagement=2, suggestion="PR jangan banyak", today=NOV
    )
    again = services.feedback_submit(actor=parent, school_class=klass, engagement=4, today=NOV)
    assert first.pk == again.pk and again.engagement == 4
    services.feedback_submit(actor=parent, school_class=klass, engagement=3, today=DEC)
    assert MonthlyFeedback.objects.count() == 2


def test_feedback_only_on_ones_own_childs_class(parent, school):
    other = SchoolClassFactory(school=school, name="IX-C", grade=9)
    with pytest.raises(ValidationError) as info:
        services.feedback_submit(actor=parent, school_class=other, engagement=3, today=NOV)
    assert info.value.code == "forbidden"


def test_feedback_engagement_out_of_range_is_refused(parent, klass):
    with pytest.raises(ValidationError) as info:
        services.feedback_submit(actor=parent, school_class=klass, engagement=9, today=NOV)
    assert "engagement" in info.value.message_dict


def test_summary_per_class_and_month_without_names(school, klass, parent):
    other_parent = member(school, Role.PARENT, full_name="Samsudin")
    ChildClassFactory(school_class=klass, parent=other_parent)
    ConsentFactory(school=school, user=other_parent)
    services.feedback_submit(actor=parent, school_class=klass, engagement=2, today=NOV)
    services.feedback_submit(
        actor=other_parent, school_class=klass, engagement=4, talks_about="Kebun", today=NOV
    )
    services.feedback_submit(actor=parent, school_class=klass, engagement=3, today=DEC)
    summary = queries.feedback_summary(school, DEC, months=3)
    assert summary.months == [
        datetime.date(2026, 10, 1),
        datetime.date(2026, 11, 1),
        DEC.replace(day=1),
    ]
    ((row_class, cells),) = summary.rows
    assert row_class == klass
    # Fewer than 3 answers: no mean (it would be one parent's), no class beside the words.
    assert [(c.n, c.average) for c in cells] == [(0, None), (2, None), (1, None)]
    assert summary.school[1].n == 2
    assert summary.suggestions == [("", "Kebun", "")]
    third_parent = member(school, Role.PARENT, full_name="Rosmiati")
    ChildClassFactory(school_class=klass, parent=third_parent)
    ConsentFactory(school=school, user=third_parent)
    services.feedback_submit(actor=third_parent, school_class=klass, engagement=3, today=NOV)
    summary = queries.feedback_summary(school, DEC, months=3)
    ((_row_class, cells),) = summary.rows
    assert (cells[1].n, cells[1].average) == (3, 3.0)
    assert summary.suggestions == [("VII-A", "Kebun", "")]


def test_the_audit_log_names_neither_the_parent_nor_the_class(school, klass, parent):
    services.feedback_submit(actor=parent, school_class=klass, engagement=2, today=NOV)
    services.feedback_submit(actor=parent, school_class=klass, engagement=3, today=NOV)
    with scopes_disabled():
        entries = list(AuditLog.objects.filter(action__startswith="participation.feedback"))
    assert [e.action for e in entries] == [
        "participation.feedback.updated",
        "participation.feedback.submitted",
    ]
    for entry in entries:
        assert entry.actor_id is None and entry.object_repr == "" and entry.object_id == ""
        assert klass.name not in str(entry.data) and parent.full_name not in str(entry.data)


def test_other_parents_never_see_feedback(client, school, parent):
    client.force_login(parent)
    assert client.get(f"/s/{school.npsn}/participation/feedback/summary/").status_code == 403
    response = client.get(f"/api/v1/schools/{school.npsn}/participation/feedback/summary")
    assert response.status_code in (401, 403)


def test_feedback_page_saves_one_childs_form(client, school, klass, parent):
    client.force_login(parent)
    url = f"/s/{school.npsn}/participation/feedback/"
    page = client.get(url)
    ((child, form, _existing),) = page.context["forms"]
    response = client.post(
        url,
        {
            "child": str(child.pk),
            f"{form.prefix}-engagement": "4",
            f"{form.prefix}-suggestion": "Lebih banyak proyek",
        },
    )
    assert response.status_code == 302
    feedback = MonthlyFeedback.objects.get()
    assert (feedback.engagement, feedback.month) == (4, timezone.localdate().replace(day=1))


def test_feedback_page_shows_this_months_answers_when_earlier_months_exist(
    client, school, klass, parent
):
    """Regression: the page read the oldest month's feedback as "this month's" (an empty form
    although December's was given)."""
    services.feedback_submit(actor=parent, school_class=klass, engagement=2, today=NOV)
    services.feedback_submit(
        actor=parent, school_class=klass, engagement=4, suggestion="Proyek kebun", today=DEC
    )
    client.force_login(parent)
    at = datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        page = client.get(f"/s/{school.npsn}/participation/feedback/")
    ((_child, form, existing),) = page.context["forms"]
    assert existing.month == datetime.date(2026, 12, 1)
    assert (form.initial["engagement"], form.initial["suggestion"]) == (4, "Proyek kebun")
    assert "Given this month" in page.content.decode()


def test_a_leader_suggests_and_teachers_take_it_up(leader, school, teacher):
    material = Material.objects.order_by("order").first()
    item = services.input_create(
        actor=leader,
        school=school,
        target=InputTarget.MATERIAL,
        material=material,
        context="Anak bisa belajar dari kebun karet.",
        resource_kind="place",
        resource="Kebun karet Pak Rahman",
    )
    assert item.target_label == str(material)
    services.input_answer(
        actor=teacher, item=item, answer="Kami kunjungi bulan depan.", accept=True
    )
    assert item.status == InputStatus.ACCEPTED and item.answered_by == teacher


def test_a_theme_input_needs_a_community_of_the_school(leader, school):
    foreign = CommunityFactory()
    with pytest.raises(ValidationError) as info:
        services.input_create(
            actor=leader, school=school, target=InputTarget.THEME, community=foreign, context="x"
        )
    assert "community" in info.value.message_dict
    own = CommunityFactory(programme=ProgrammeFactory(school=school), theme="Cerita rakyat")
    item = services.input_create(
        actor=leader, school=school, target=InputTarget.THEME, community=own, context="x"
    )
    assert item.target_label.endswith("Cerita rakyat")


def test_a_leader_sees_only_their_own_suggestions(school, leader, teacher):
    other = member(school, Role.COMMUNITY_LEADER)
    ConsentFactory(school=school, user=other)
    material = Material.objects.order_by("order").first()
    mine = services.input_create(
        actor=leader, school=school, target="material", material=material, context="a"
    )
    services.input_create(
        actor=other, school=school, target="material", material=material, context="b"
    )
    assert list(queries.inputs_for_user(school, leader)) == [mine]
    assert len(queries.inputs_for_user(school, teacher)) == 2
    assert not other.has_perm("participation.input_view", mine)


def test_forum_meeting_in_the_calendar_with_attendance(school, principal, parent, facilitator):
    programme = ProgrammeFactory(school=school)
    event = services.meeting_create(
        actor=principal,
        programme=programme,
        title="Forum belajar bersama",
        date=datetime.date(2026, 10, 10),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        confirm=True,
    )
    assert event.kind == FORUM_MEETING_KIND and event.kind_label == "Learning forum meeting"
    services.meeting_attendance_set(actor=facilitator, event=event, user=parent, status="present")
    services.meeting_attendance_set(actor=facilitator, event=event, user=parent, status="present")
    assert MeetingAttendance.objects.get().status == "present"
    assert queries.meeting_rows(event) == [(parent, "present")]
    assert queries.meeting_audience(event) == [parent]
    with pytest.raises(ValidationError):
        services.meeting_attendance_set(actor=facilitator, event=event, user=parent, status="x")


def test_figures_of_a_month(school, klass, parent, principal, leader):
    with time_machine.travel(datetime.datetime(2026, 11, 5, 3, tzinfo=datetime.UTC), tick=False):
        services.invitation_create(
            actor=principal, school=school, role=Role.PARENT, name="A", school_class=klass
        )
        services.feedback_submit(actor=parent, school_class=klass, engagement=3)
        material = Material.objects.order_by("order").first()
        item = services.input_create(
            actor=leader, school=school, target="material", material=material, context="x"
        )
        services.input_answer(actor=principal, item=item, answer="Ya", accept=True)
    figures = queries.figures(school, datetime.date(2026, 11, 1))
    assert (figures.invited, figures.feedback, figures.active_parents) == (1, 1, 1)
    assert (figures.suggestions, figures.suggestions_taken_up) == (1, 1)
    assert queries.figures(school, datetime.date(2026, 10, 1)).invited == 0


def test_home_panel_reminds_a_parent_of_this_months_feedback(client, school, parent):
    client.force_login(parent)
    panel = queries.home_panel(type("R", (), {"user": parent})(), [school])
    assert panel is not None and panel["entries"][0]["feedback_due"]
    assert b"Give this month" in client.get("/").content


def test_a_leader_suggests_on_a_lesson_plan_and_an_author_takes_it_in(leader, school, teacher):
    from kombel.lessons import services as lesson_services
    from kombel.lessons.models import Comment
    from tests.factories.lessons import plan_for

    plan = plan_for(school, teacher, title="Perdagangan karet")
    item = services.input_create(
        actor=leader,
        school=school,
        target=InputTarget.LESSON,
        lesson_plan=plan,
        context="Ajak siswa mewawancarai pengepul karet.",
        resource_kind="person",
        resource="Pak Rahman",
    )
    comment = Comment.objects.get(plan=plan)
    assert comment.author == leader and "Pak Rahman" in comment.text
    assert queries.lesson_comment(item) == comment
    assert item.target_label == "Perdagangan karet"
    with pytest.raises(ValidationError) as info:
        services.input_answer(actor=teacher, item=item, answer="Terima kasih", accept=True)
    assert "accept" in info.value.message_dict
    section = plan.sections.filter(kind="rich").first()
    lesson_services.local_input_accept(actor=teacher, comment=comment, section_key=section.key)
    services.input_answer(actor=teacher, item=item, answer="Sudah masuk modul.", accept=True)
    assert item.status == InputStatus.ACCEPTED
