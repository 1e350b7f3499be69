"""Forms parse; the services decide (core.forms.apply_service_errors shows their errors)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.programs.enums import ProgrammeStatus, Weekday
from kombel.programs.models import Material
from kombel.schools.enums import SCHOOL_ROLES, Role
from kombel.schools.models import Semester


class TapGroup(forms.CheckboxSelectMultiple):
    template_name = "programs/widgets/tap_group.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    goals = forms.CharField(
        label=_("Goals"), widget=forms.Textarea, required=False, help_text=_("One goal per line.")
    )
    semester = forms.ModelChoiceField(
        label=_("Semester"),
        queryset=Semester.objects.select_related("school_year").order_by("-start"),
        required=False,
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    end = forms.DateField(
        label=_("End"), widget=DateInput(), help_text=_("At most 12 months after the start.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials"),
        queryset=Material.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    workshop_weekdays = forms.TypedMultipleChoiceField(
        label=_("Workshop days"),
        choices=Weekday.choices,
        coerce=int,
        widget=TapGroup,
        required=False,
    )
    workshop_start = forms.TimeField(label=_("Workshop starts"), widget=TimeInput())
    workshop_end = forms.TimeField(label=_("Workshop ends"), widget=TimeInput())
    locations = forms.CharField(
        label=_("Places"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One place per line; workshops rotate through them."),
    )
    community_interval_weeks = forms.IntegerField(
        label=_("Community meeting every (weeks)"), min_value=0, max_value=8
    )
    community_weekday = forms.TypedChoiceField(
        label=_("Community meeting day"), choices=Weekday.choices, coerce=int
    )
    monthly_evaluation = forms.BooleanField(label=_("Monthly evaluation"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    invites_all = forms.BooleanField(
        label=_("Parents and community leaders are invited too"),
        help_text=_("They see it on their home and calendar, are reminded and can check in."),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Keep this date even though there is no school that day"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("confirm", None)
        return data


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Add everyone who is a"),
        choices=[(r.value, r.label) for r in SCHOOL_ROLES],
        initial=Role.TEACHER,
    )


class AddPeopleForm(forms.Form):
    """Pick people one by one: the school's members who do not take part yet."""

    users = forms.ModelMultipleChoiceField(
        label=_("Add these people"),
        queryset=User.objects.none(),
        widget=TapGroup,
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = cast("forms.ModelMultipleChoiceField[User]", self.fields["users"])
        users.queryset = candidates  # what a posted choice is validated against
        # Read once: the page asks whether there is anyone, then lists them.
        self.candidates = list(candidates)
        users.choices = [(user.pk, users.label_from_instance(user)) for user in self.candidates]
