"""Forms only parse; the services check the rules."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.communities.enums import MeetingStatus
from kombel.communities.models import Meeting
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Programme
from kombel.schools.enums import Grade
from kombel.schools.models import Subject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class CommunityForm(forms.Form):
    programme: "forms.ModelChoiceField[Programme]" = forms.ModelChoiceField(
        label=_("Programme"), queryset=None
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    goals = forms.CharField(
        label=_("Goals"), required=False, widget=TEXT, help_text=_("One goal per line.")
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Grades"),
        choices=Grade.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interval_weeks = forms.IntegerField(
        label=_("Meets every (weeks)"), min_value=1, max_value=8, initial=2
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, teachers: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = teachers
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = teachers
        if programmes is None:
            del self.fields["programme"]
        else:
            cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes


def user_choices(users: Any) -> list[Any]:
    """The options of a user select, read once to be shared by many forms."""
    field = forms.ModelChoiceField(queryset=users)
    return list(field.iterator(field))


class ProposalForm(forms.Form):
    """One proposed group: accept it (or not), rename it, pick its facilitator.

    `choices` (from `user_choices(teachers)`) is read once for the whole formset, so
    rendering costs no query per form; validation still checks against `teachers`.
    """

    accept = forms.BooleanField(label=_("Create"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=120)
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=User.objects.none())

    def __init__(self, *args: Any, teachers: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["facilitator"])
        field.queryset = teachers
        field.choices = choices


ProposalFormSet = forms.formset_factory(ProposalForm, extra=0)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts"), widget=TIME, required=False)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=TEXT)
    confirm = forms.BooleanField(
        label=_("Keep this time even though members have another activity then"), required=False
    )


class ReflectionForm(forms.Form):
    """The kombel cycle: identify a need, share practice, reflect, agree follow-up."""

    need = forms.CharField(label=_("1. Need identified"), required=False, widget=TEXT)
    practice_shared = forms.CharField(label=_("2. Practice shared"), required=False, widget=TEXT)
    went_well = forms.CharField(label=_("3a. What went well"), required=False, widget=TEXT)
    lacking = forms.CharField(label=_("3b. What was lacking"), required=False, widget=TEXT)
    next_steps = forms.CharField(label=_("3c. What next"), required=False, widget=TEXT)
    follow_up = forms.CharField(label=_("4. Follow-up agreed"), required=False, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecordForm(ReflectionForm):
    """The facilitator's minutes: status, agenda, notes, the reflection and documentation."""

    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=TEXT)
    notes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    documentation_url = forms.URLField(
        label=_("5. Documentation (link)"), required=False, assume_scheme="https"
    )

    field_order = ["status", "agenda", "notes", "location"]


class AttendanceForm(forms.Form):
    """One tap on the meeting's register: a member and their status."""

    participant = forms.UUIDField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class EntryForm(forms.Form):
    text = forms.CharField(label=_("Add to the minutes"), widget=TEXT, max_length=5000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", "—"), *Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    meeting: "forms.ModelChoiceField[Meeting]" = forms.ModelChoiceField(
        label=_("Shared at meeting"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings
        # Added here, not declared on the class: a class attribute `files` would shadow
        # `BaseForm.files` (the uploaded files) for the type checker. It stays the last field.
        self.fields["files"] = MultipleFileField(
            label=_("Evidence files"),
            required=False,
            help_text=_("PDF, JPG, PNG, DOCX, PPTX, XLSX or MP4; at most 10 MB each."),
        )


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", _("All")), *Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
