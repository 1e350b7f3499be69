"""Forms only parse; the services check the rules."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.core.uploads import DOCUMENT_EXTENSIONS as ALLOWED_EXTENSIONS
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Material
from kombel.schools.models import School
from kombel.schools.queries import staff_of_school
from kombel.workshops.enums import OutputKind, Venue


class SessionForm(forms.Form):
    venue = forms.ChoiceField(label=_("Kind of place"), choices=Venue.choices)
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials covered"),
        queryset=Material.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outside_speaker = forms.CharField(
        label=_("Outside speaker"),
        max_length=200,
        required=False,
        help_text=_("Name and institution, if a speaker comes from outside the school."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea, help_text=_("One item per line.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["facilitators"]).queryset = staff_of_school(school)


class AttendanceForm(forms.Form):
    participant = forms.UUIDField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The code the facilitator shows on the screen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    show_name = forms.BooleanField(
        label=_("Show my name to the facilitators"),
        required=False,
        help_text=_("Otherwise your feedback is anonymous."),
    )


_FILE_HELP = _("Allowed: %(types)s; up to 10 MB.") % {"types": ", ".join(ALLOWED_EXTENSIONS)}


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False, help_text=_FILE_HELP)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class OutputForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(label=_("File"), required=False, help_text=_FILE_HELP)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["authors"]).queryset = staff_of_school(school)
