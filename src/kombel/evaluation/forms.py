"""Forms only parse; the services check the rules."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kombel.communities.models import Meeting
from kombel.core.dates import day_text
from kombel.evaluation.enums import ActivityKind, AgreementUnit, Audience, ItemKind, WaveKind
from kombel.evaluation.models import Code, Construct, Item, Questionnaire, Scale, Section
from kombel.observations.models import Observation
from kombel.programs.models import Programme
from kombel.schools.enums import SCHOOL_ROLES
from kombel.schools.models import School
from kombel.workshops.models import WorkshopSession

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _school_programmes(field: forms.Field, school: School) -> None:
    cast(forms.ModelChoiceField, field).queryset = Programme.objects.filter(school=school)


class WaveForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of wave"), choices=WaveKind.choices)
    month = forms.DateField(
        label=_("Month evaluated"),
        required=False,
        widget=DATE,
        help_text=_("Any day of the month (monthly waves)."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes"), widget=DATE)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_("Nobody can see who answered what. A named wave allows paired comparisons."),
    )
    names_visible = forms.BooleanField(
        label=_("Named wave: show names to the facilitator team and the principal"),
        required=False,
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _school_programmes(self.fields["programme"], school)
        cast(
            forms.ModelChoiceField, self.fields["questionnaire"]
        ).queryset = Questionnaire.objects.filter(school=school)


class WaveEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes"), widget=DATE)
    names_visible = forms.BooleanField(
        label=_("Named wave: show names to the facilitator team and the principal"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def answer_form(items: list[Item], lang: str, data: Any = None, initial: Any = None) -> forms.Form:
    """One field per question: a Likert item as taps on its labelled points, an open question
    as a text box. Everything optional here: the service says what is still missing."""
    fields: dict[str, forms.Field] = {}
    for item in items:
        label = item.text_in(lang)
        if item.is_likert and item.scale is not None:
            fields[item.name] = forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[
                    (n, f"{n} · {item.scale.label(n, lang)}")
                    for n in range(1, item.scale.points + 1)
                ],
                widget=forms.RadioSelect(attrs={"class": "likert"}),
            )
        else:
            fields[item.name] = forms.CharField(
                label=label, required=False, max_length=5000, widget=forms.Textarea({"rows": 3})
            )
    form_class = type("AnswerForm", (forms.Form,), fields)
    return cast(forms.Form, form_class(data=data, initial=initial))


class XlsFormImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm (.xlsx or .xls)"),
        help_text=_("A LibreOffice .ods file: save it as .xlsx first."),
    )
    audience = forms.ChoiceField(label=_("Who answers it"), choices=Audience.choices)


class SectionForm(forms.Form):
    name = forms.CharField(label=_("Name in XLSForm"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConstructForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScaleForm(forms.Form):
    name = forms.CharField(label=_("Name in XLSForm"), max_length=50)
    labels = forms.CharField(
        label=_("Points"),
        widget=forms.Textarea({"rows": 5}),
        help_text=_("One point per line, lowest first: Indonesian | English. 2 to 7 points."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_labels(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["labels"].splitlines():
            if line.strip():
                first, _sep, second = line.partition("|")
                pairs.append((first.strip(), second.strip()))
        return pairs


class BuilderActionForm(forms.Form):
    """A move or a removal in the builder: the questionnaire's version as loaded (a change
    saved meanwhile refuses it), the direction of a move, whether a section's questions go."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    with_items = forms.BooleanField(required=False)


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Name in XLSForm"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea({"rows": 2}))
    text_en = forms.CharField(
        label=_("Question in English"), required=False, widget=forms.Textarea({"rows": 2})
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False
    )
    construct = forms.ModelChoiceField(
        label=_("Construct"), queryset=Construct.objects.none(), required=False
    )
    scale = forms.ModelChoiceField(label=_("Scale"), queryset=Scale.objects.none(), required=False)
    reverse = forms.BooleanField(label=_("Reverse-scored"), required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, questionnaire: Questionnaire, edit: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, model in (("section", Section), ("construct", Construct), ("scale", Scale)):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = model.objects.filter(questionnaire=questionnaire)
        if edit:  # the name, kind and scale key the answers: fixed once made
            for name in ("name", "kind", "scale"):
                del self.fields[name]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class InterviewForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    interviewee_role = forms.ChoiceField(
        label=_("Interviewee's role"), choices=[(r.value, r.label) for r in SCHOOL_ROLES]
    )
    interviewee = forms.CharField(
        label=_("Interviewee"),
        max_length=200,
        required=False,
        help_text=_("A name is not needed: “IPA teacher, grade VIII” is enough."),
    )
    consent_given = forms.BooleanField(label=_("The interviewee gave consent"), required=False)
    consent_note = forms.CharField(label=_("How consent was given"), max_length=200, required=False)
    transcript = forms.CharField(
        label=_("Transcript"), required=False, widget=forms.Textarea({"rows": 12})
    )
    audio = forms.FileField(
        label=_("Audio recording"),
        required=False,
        help_text=_("Optional: mp3, m4a, ogg, opus or wav; up to 30 MB."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _school_programmes(self.fields["programme"], school)


class DocumentationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    file = forms.FileField(
        label=_("Photo or file"),
        help_text=_("jpg, png, pdf, docx, pptx, xlsx or mp4; up to 10 MB."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300)
    taken_on = forms.DateField(label=_("Date"), widget=DATE)
    activity_kind = forms.ChoiceField(label=_("Activity shown"), choices=ActivityKind.choices)
    activity_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    activity_label = forms.CharField(
        label=_("Which activity"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Pameran proyek kelas VIII”."),
    )
    workshop_session = forms.ModelChoiceField(
        label=_("Workshop session shown"), queryset=WorkshopSession.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("Community meeting shown"), queryset=Meeting.objects.none(), required=False
    )
    observation = forms.ModelChoiceField(
        label=_("Classroom observation shown"),
        queryset=Observation.objects.none(),
        required=False,
        help_text=_(
            "Optional: link the observation the photo shows. Only observations you may open "
            "are listed; the gallery links it only for those who may open it too."
        ),
    )

    def __init__(self, *args: Any, school: School, observations: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _school_programmes(self.fields["programme"], school)
        sessions = cast(forms.ModelChoiceField, self.fields["workshop_session"])
        sessions.queryset = (
            WorkshopSession.objects.filter(school=school)
            .select_related("event")
            .order_by("-event__date")
        )
        sessions.label_from_instance = _session_label  # type: ignore[method-assign,assignment]
        meetings = cast(forms.ModelChoiceField, self.fields["meeting"])
        meetings.queryset = (
            Meeting.objects.filter(school=school).select_related("community").order_by("-date")
        )
        meetings.label_from_instance = _meeting_label  # type: ignore[method-assign,assignment]
        field = cast(forms.ModelChoiceField, self.fields["observation"])
        if observations is None:
            del self.fields["observation"]
        else:
            field.queryset = observations
            field.label_from_instance = _observation_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [f for f in ("workshop_session", "meeting", "observation") if data.get(f)]
        if len(chosen) > 1:
            raise forms.ValidationError(
                _("Link one activity: a workshop session, a meeting or an observation.")
            )
        return data


def _session_label(session: WorkshopSession) -> str:
    return f"{day_text(session.event.date)} · {session.event.title}"


def _meeting_label(meeting: Meeting) -> str:
    return f"{day_text(meeting.date)} · {meeting.community.name}"


def _observation_label(observation: Observation) -> str:
    when = day_text(timezone.localtime(observation.starts_at))
    what = observation.subject or (
        str(observation.school_class) if observation.school_class else ""
    )
    teacher = observation.teacher.get_full_name() or observation.teacher.get_username()
    return " · ".join(part for part in (when, teacher, what) if part)


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Code"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 2})
    )
    parent = forms.ModelChoiceField(label=_("Theme"), queryset=Code.objects.none(), required=False)

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = themes


def _code_label(code: Code) -> str:
    return f"{code.parent.name} · {code.name}" if code.parent else code.name


class CodingForm(forms.Form):
    passage = forms.CharField(
        label=_("Passage"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Select text above (it is copied here), or paste the exact words."),
    )
    start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes"), queryset=Code.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["codes"])
        field.queryset = codes
        field.label_from_instance = _code_label  # type: ignore[method-assign,assignment]


class OpenSourceForm(forms.Form):
    source_type = forms.CharField(max_length=20)
    source_id = forms.UUIDField()
    key = forms.CharField(max_length=60, required=False)


class AgreementForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), choices=AgreementUnit.choices, required=False)
