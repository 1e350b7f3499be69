"""This app's objects in the test world (see tests/world.py)."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.evaluation.enums import SourceType, WaveKind
from kombel.evaluation.models import Code, Coding, DocumentationItem, Interview, ResponseImport
from kombel.evaluation.services import coding
from kombel.schools.enums import Role
from tests.factories.evaluation import (
    ResponseFactory,
    WaveFactory,
    parent_questionnaire,
    teacher_questionnaire,
)
from tests.factories.programs import EventFactory, ParticipantFactory, ProgrammeFactory
from tests.world import SchoolWorld, world_builder

KOBO_CSV = "kol1;kol2;_uuid\n4;5;aaa-1\n3;Setuju;aaa-2\n"


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 110, 79)).save(out, "JPEG")
    return out.getvalue()


@world_builder
def evaluation(sw: SchoolWorld) -> None:
    """The teacher questionnaire; a named wave open today (names shown to the facilitator team)
    with one answer; an anonymous parent wave open today; an interview with audio; a photo; the
    default codebook with one coded interview; an uploaded export waiting for its preview."""
    today = timezone.localdate()
    programme = ProgrammeFactory(
        school=sw.school,
        start=today - datetime.timedelta(days=60),
        end=today + datetime.timedelta(days=30),
    )
    for role in (Role.TEACHER, Role.FACILITATOR):
        ParticipantFactory(programme=programme, user=sw.users[role], role=role)
    event = EventFactory(programme=programme, kind="evaluation", date=today, title="Evaluasi")
    questionnaire = teacher_questionnaire(sw.school)
    wave = WaveFactory(
        programme=programme,
        questionnaire=questionnaire,
        event=event,
        month=today.replace(day=1),
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=4),
    )
    ResponseFactory(
        wave=wave, respondent=sw.users[Role.PRINCIPAL], likert={"kol1": 4}, open={"perubahan": "Ok"}
    )
    parent_wave = WaveFactory(
        programme=programme,
        questionnaire=parent_questionnaire(sw.school),
        kind=WaveKind.MONTHLY,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=4),
        anonymous=True,
        names_visible=False,
    )
    mentor = sw.users[Role.MENTOR]
    with scopes_disabled():
        item = questionnaire.items.select_related("section").get(name="kol1")
        interview = Interview(
            school=sw.school,
            programme=programme,
            month=today.replace(day=1),
            held_on=today,
            interviewee_role=Role.TEACHER,
            interviewee="Guru IPA kelas VII",
            interviewer=mentor,
            consent_given=True,
            transcript="Kami berbagi RPP dengan rekan. Siswa lebih aktif berdiskusi.",
        )
        interview.audio.save("rekaman.mp3", ContentFile(b"ID3\x04\x00" + b"\x00" * 32), save=False)
        interview.audio_name = "rekaman.mp3"
        interview.save()
        photo = DocumentationItem(
            school=sw.school,
            programme=programme,
            caption="Pameran proyek",
            taken_on=today,
            file_name="foto.jpg",
            is_image=True,
        )
        for field in ("original", "display", "thumbnail"):
            getattr(photo, field).save("foto.jpg", ContentFile(jpeg()), save=False)
        photo.save()
        codebook = coding.codebook_for(programme=programme, actor=mentor)
        code = Code.objects.filter(codebook=codebook, name="Peer-review RPP").get()
        document = coding.document_open(
            programme=programme,
            actor=mentor,
            source_type=SourceType.INTERVIEW,
            source_id=interview.pk,
        )
        made = Coding.objects.create(
            school=sw.school, document=document, code=code, coder=mentor, start=0, end=30
        )
        upload = ResponseImport(
            school=sw.school, wave=wave, format="kobo", file_name="kobo.csv", uploaded_by=mentor
        )
        upload.file.save("kobo.csv", ContentFile(KOBO_CSV.encode()), save=False)
        upload.save()
        # The world holds objects, not history: other apps' tests count the audit log.
        AuditLog.objects.filter(school=sw.school, action__startswith="evaluation.").delete()
    sw.objects.update(
        evaluation_programme=programme,
        wave=wave,
        parent_wave=parent_wave,
        questionnaire=questionnaire,
        item=item,
        questionnaire_section=item.section,
        interview=interview,
        photo=photo,
        codebook=codebook,
        code=code,
        document=document,
        coding=made,
        response_import=upload,
    )
