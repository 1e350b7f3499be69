"""This app's objects in the test world (see tests/world.py)."""

import datetime
import io
import uuid

from django_scopes import scopes_disabled

from kombel.observations.models import Instrument
from kombel.observations.services import instruments, visits
from kombel.observations.services import observations as capture
from kombel.schools.enums import Role
from tests.factories.observations import planned, shipped
from tests.world import SchoolWorld, world_builder


@world_builder
def observations(sw: SchoolWorld) -> None:
    """The shipped instruments; a school's own instrument with a draft; an observation of the
    teacher by the facilitator, planned for tomorrow (preparation); a mentor's visit to the
    teacher; a lesson-study cycle where the teacher teaches and the facilitator observes."""
    version = shipped(sw.school)
    with scopes_disabled():
        own = instruments.instrument_create(school=sw.school, actor=None, name="Instrumen sekolah")
        section = instruments.section_add(instrument=own, actor=None, title="Bagian A")
        sw.objects["obs_draft_section"] = section
        sw.objects["obs_draft_item"] = instruments.item_add(
            instrument=own, actor=None, section_title="Bagian A", kind="yesno", text="Ada papan?"
        )
        observation = planned(
            teacher=sw.users[Role.TEACHER],
            observers=[sw.users[Role.FACILITATOR]],
            version=version,
            starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
            focus="Pertanyaan pemantik",
        )
        sw.objects["obs_instrument"] = Instrument.objects.get(pk=version.instrument_id)
        sw.objects["obs_version"] = version
        sw.objects["obs_own_instrument"] = own
        sw.objects["observation"] = observation
        sw.objects["obs_note"] = _note_with_photo(observation, sw.users[Role.FACILITATOR])
        sw.objects["obs_item"] = version.items.filter(kind="scale").first()
        sw.objects["obs_teacher_pk"] = sw.users[Role.TEACHER].pk
        sw.objects["obs_visit"] = visits.visit_create(
            school=sw.school,
            actor=sw.users[Role.MENTOR],
            teachers=[sw.users[Role.TEACHER]],
            visited_on=datetime.date(2026, 11, 20),
            focus="Diferensiasi",
            recommendations="Gunakan kartu keluar",
        )
        sw.objects["obs_cycle"] = visits.cycle_create(
            school=sw.school,
            actor=sw.users[Role.FACILITATOR],
            title="Lesson study IPA",
            teacher=sw.users[Role.TEACHER],
            members=[sw.users[Role.FACILITATOR]],
            plan="Rencana bersama",
        )


def _note_with_photo(observation, observer):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    note_id = uuid.uuid4()
    capture.capture_batch(
        observation=observation,
        actor=observer,
        notes=[
            capture.NoteInput(note_id, datetime.datetime.now(datetime.UTC), "Kelompok 2 berdiskusi")
        ],
        scores=[],
    )
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (11, 110, 79)).save(out, "JPEG")
    capture.note_photo_attach(
        observation=observation,
        actor=observer,
        note_id=note_id,
        upload=SimpleUploadedFile("kelas.jpg", out.getvalue(), content_type="image/jpeg"),
    )
    return observation.records.get(observer=observer).notes.get(pk=note_id)
