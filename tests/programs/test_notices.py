"""Ending or archiving a programme tells everyone invited to what it cancels, and a facilitator
sends a notice to the whole group in one tap (issue 7): in the app (with or without e-mail), by
e-mail where an address exists, and as a ready WhatsApp message for the group."""

import datetime
import json
from urllib.parse import unquote

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.accounts.models import Notice
from kombel.core.models import AuditLog
from kombel.programs import services
from kombel.programs.models import Event
from kombel.schools.enums import Role
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.programs import EventFactory, ProgrammeFactory
from tests.factories.schools import MembershipFactory

pytestmark = pytest.mark.django_db
D = datetime.date
# 1 December 2026, 08.00 WIB: the activities of these tests are still to come.
BEFORE = datetime.datetime(2026, 12, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    """A programme with a teacher who has e-mail, a parent who has none and three activities
    to come (and one past)."""
    with scopes_disabled():
        programme = ProgrammeFactory(start=D(2026, 11, 1), end=D(2026, 12, 31))
        teacher = MembershipFactory(school=programme.school, role=Role.TEACHER).user
        parent = UserFactory(email="", full_name="Ibu Wali Murid")
        MembershipFactory(school=programme.school, user=parent, role=Role.PARENT)
        principal = MembershipFactory(school=programme.school, role=Role.PRINCIPAL).user
        services.participants_add(programme=programme, actor=None, users=[teacher, parent])
        for n, day in enumerate(
            (D(2026, 11, 20), D(2026, 12, 8), D(2026, 12, 15), D(2026, 12, 22))
        ):
            EventFactory(programme=programme, title=f"Kegiatan {n}", date=day, kind="other")
    return programme, teacher, parent, principal


@pytest.mark.parametrize("action", ["end", "archive"])
def test_ending_or_archiving_tells_everyone_invited_once(
    people, action, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    programme, teacher, parent, principal = people
    service = {"end": services.programme_end, "archive": services.programme_archive}[action]
    with scopes_disabled():
        with django_capture_on_commit_callbacks(execute=True):
            service(programme=programme, actor=principal)
        assert Event.objects.filter(is_cancelled=True).count() == 3
        notices = {n.user_id: n for n in Notice.objects.all()}
    assert set(notices) == {teacher.pk, parent.pk}  # one each, e-mail or not
    body = notices[parent.pk].body
    assert "Kegiatan 1" in body and "Kegiatan 3" in body and "Kegiatan 0" not in body
    assert "8 Desember 2026" in body  # the parent reads Indonesian
    assert [m.to for m in mail.outbox] == [[teacher.email]]


def test_the_programme_page_offers_the_whatsapp_message_after_ending(client, people):  # type: ignore[no-untyped-def]
    programme, _teacher, _parent, principal = people
    client.force_login(principal)
    url = reverse("programs:programme_detail", args=[programme.school.npsn, programme.pk])
    assert (
        "Tell the WhatsApp group" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    with scopes_disabled():
        services.programme_end(programme=programme, actor=principal)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tell the WhatsApp group that the programme ended" in html and "wa.me" in html


def test_a_notice_to_everyone_invited_in_one_tap(client, people):  # type: ignore[no-untyped-def]
    programme, teacher, parent, principal = people
    with scopes_disabled():
        event = Event.objects.get(title="Kegiatan 1")
    client.force_login(principal)
    url = reverse("programs:event_detail", args=[programme.school.npsn, event.pk])
    assert (
        "Send a notice to everyone invited"
        in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    response = client.post(
        reverse("programs:event_notice", args=[programme.school.npsn, event.pk]),
        {"message": "Bawa laptop masing-masing."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    with scopes_disabled():
        told = {n.user_id: n for n in Notice.objects.all()}
        assert AuditLog.objects.filter(action="programs.event.announced").count() == 1
    assert set(told) == {teacher.pk, parent.pk}
    assert "Bawa laptop masing-masing." in told[parent.pk].body
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 people invited were told" in page
    assert "Send the notice to the WhatsApp group" in page
    assert "Bawa laptop masing-masing." in unquote(page.replace("&amp;", "&").replace("+", " "))


def test_a_teacher_cannot_send_one_and_sees_no_form(client, people):  # type: ignore[no-untyped-def]
    programme, teacher, _parent, _principal = people
    with scopes_disabled():
        event = Event.objects.get(title="Kegiatan 1")
    client.force_login(teacher)
    url = reverse("programs:event_detail", args=[programme.school.npsn, event.pk])
    assert "Send a notice" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    notice = reverse("programs:event_notice", args=[programme.school.npsn, event.pk])
    assert client.post(notice, {"message": "x"}).status_code == 403
    with scopes_disabled():
        assert Notice.objects.count() == 0


def test_the_api_sends_a_notice(client, people):  # type: ignore[no-untyped-def]
    programme, _teacher, parent, principal = people
    with scopes_disabled():
        event = Event.objects.get(title="Kegiatan 2")
    token = client.post(
        "/api/v1/auth/token",
        {"username": principal.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = client.post(
        f"/api/v1/schools/{programme.school.npsn}/events/{event.pk}/notice",
        json.dumps({"message": "Ruang pindah ke aula."}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    assert response.json()["told"] == 2 and "wa.me" in response.json()["whatsapp_url"]
    with scopes_disabled():
        assert "Ruang pindah ke aula." in Notice.objects.get(user=parent).body


def _once(page: str, action: str) -> str:
    """The one-submission token of the form posting to `action` on `page`."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    marker = 'name="_draft" value="'
    return form[form.index(marker) + len(marker) :].split('"', 1)[0]


def test_a_notice_tapped_twice_is_sent_once(client, people):  # type: ignore[no-untyped-def]
    """A double tap (or a reload mid-send) on "Send a notice" told everyone twice."""
    programme, teacher, parent, principal = people
    with scopes_disabled():
        event = Event.objects.get(title="Kegiatan 1")
    client.force_login(principal)
    page = client.get(reverse("programs:event_detail", args=[programme.school.npsn, event.pk]))
    notice = reverse("programs:event_notice", args=[programme.school.npsn, event.pk])
    data = {"message": "Bawa laptop.", "_draft": _once(page.content.decode(), notice)}
    assert client.post(notice, data).status_code == client.post(notice, data).status_code == 302
    with scopes_disabled():
        assert sorted(Notice.objects.values_list("user_id", flat=True)) == sorted(
            [teacher.pk, parent.pk]
        )
    assert len(mail.outbox) == 1
