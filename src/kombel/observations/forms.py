"""Forms only parse; the services check the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kombel.lessons.models import LessonPlan
from kombel.observations import queries
from kombel.observations.enums import Competency, InstrumentKind, ItemKind, VisitStatus
from kombel.observations.models import InstrumentVersion, LessonStudyCycle
from kombel.schools.models import School, SchoolClass


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class _VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.instrument.name_en if queries.english() else obj.instrument.name
        return f"{name or obj.instrument.name} (v{obj.number})"


def _plans(school: School) -> Any:
    return LessonPlan.objects.filter(school=school).order_by("title")


def _classes(school: School) -> Any:
    return SchoolClass.objects.filter(school=school).order_by("grade", "name")


class InstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)


class _ItemWording(forms.Form):
    """What adding an item and changing one both ask."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("Text (English)"), required=False)
    competency = forms.ChoiceField(
        label=_("Competency"), choices=[("", "—"), *Competency.choices], required=False
    )
    levels = forms.CharField(
        label=_("Levels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "One level per line: value | name | descriptor, e.g. “1 | Belum dilakukan | …”."
        ),
    )


class ItemForm(_ItemWording):
    section = forms.ChoiceField(label=_("Section"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    field_order = ["section", "kind", "text", "text_en", "competency", "levels"]

    def __init__(self, *args: Any, sections: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s, s) for s in sections]  # type: ignore[attr-defined]
        self.fields["levels"].label = _("Levels (scales only)")


class ItemEditForm(_ItemWording):
    """A draft item's wording, competency, levels (scales) and evidence; its kind stays."""

    evidence = forms.BooleanField(label=_("Ask for a note of evidence"), required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != ItemKind.SCALE:
            del self.fields["levels"]
        if kind == ItemKind.TEXT:
            del self.fields["evidence"]


class PlanForm(forms.Form):
    version = _VersionChoice(label=_("Instrument"), queryset=InstrumentVersion.objects.none())
    teacher = _PersonChoice(label=_("Teacher observed"), queryset=None)
    observers = _PeopleChoice(
        label=_("Observers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=10, max_value=480, initial=80)
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    focus = forms.CharField(
        label=_("Focus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Agreed in the pre-observation talk."),
    )
    cycle = forms.ModelChoiceField(
        label=_("Lesson study cycle"), queryset=LessonStudyCycle.objects.none(), required=False
    )
    lesson_plan = forms.ModelChoiceField(
        label=_("Lesson plan"), queryset=LessonPlan.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = queries.published_versions(school)  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = queries.teachers_of(school)  # type: ignore[attr-defined]
        self.fields["observers"].queryset = queries.staff_of(school)  # type: ignore[attr-defined]
        self.fields["school_class"].queryset = _classes(school)  # type: ignore[attr-defined]
        self.fields["cycle"].queryset = LessonStudyCycle.objects.filter(school=school)  # type: ignore[attr-defined]
        self.fields["lesson_plan"].queryset = _plans(school)  # type: ignore[attr-defined]


class PrepareForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    focus = forms.CharField(
        label=_("Focus"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    teacher_plan = forms.CharField(
        label=_("The teacher's plan"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DebriefForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    debrief = forms.CharField(
        label=_("What the follow-up discussion agreed"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ReflectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reflection = forms.CharField(label=_("My reflection"), widget=forms.Textarea(attrs={"rows": 5}))


class VisitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    teachers = _PeopleChoice(
        label=_("Teachers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(
        label=_("Status"), choices=VisitStatus.choices, initial=VisitStatus.DONE
    )
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False
    )
    focus = forms.CharField(
        label=_("Focus"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    seen = forms.CharField(
        label=_("What was seen"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = queries.teachers_of(school)  # type: ignore[attr-defined]
        self.fields["school_class"].queryset = _classes(school)  # type: ignore[attr-defined]


class CycleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    teacher = _PersonChoice(label=_("Teacher who teaches"), queryset=None)
    members = _PeopleChoice(label=_("Members"), queryset=None, widget=forms.CheckboxSelectMultiple)
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False
    )
    plan = forms.CharField(
        label=_("Plan designed together"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    plan_link = forms.URLField(
        label=_("Link to the lesson plan"), required=False, assume_scheme="https"
    )
    lesson_plan = forms.ModelChoiceField(
        label=_("Lesson plan"), queryset=LessonPlan.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lesson_plan"].queryset = _plans(school)  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = queries.teachers_of(school)  # type: ignore[attr-defined]
        self.fields["members"].queryset = queries.teachers_of(school)  # type: ignore[attr-defined]
        self.fields["school_class"].queryset = _classes(school)  # type: ignore[attr-defined]


class CycleUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    plan = forms.CharField(
        label=_("Plan designed together"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    plan_link = forms.URLField(
        label=_("Link to the lesson plan"), required=False, assume_scheme="https"
    )
    reflection = forms.CharField(
        label=_("Reflection meeting"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    revised_plan = forms.CharField(
        label=_("Revised plan"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    advance = forms.BooleanField(label=_("Move the cycle to its next stage"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
