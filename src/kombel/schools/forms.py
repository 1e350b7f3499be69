"""Forms parse; the services decide (core.forms.apply_service_errors shows their errors)."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.schools.enums import SCHOOL_ROLES, Grade, TimeZone
from kombel.schools.models import School, SchoolYear, Subject

ROLE_CHOICES = [(role.value, role.label) for role in SCHOOL_ROLES]


def role_choices(roles: Iterable[str]) -> list[tuple[str, Any]]:
    """The school roles among `roles`, in the usual order: only what the actor may give."""
    wanted = set(roles)
    return [(value, label) for value, label in ROLE_CHOICES if value in wanted]


class TeacherFieldsMixin(forms.Form):
    nuptk = forms.CharField(
        label=_("NUPTK"), required=False, max_length=16, help_text=_("16 digits (optional).")
    )
    nip = forms.CharField(
        label=_("NIP"),
        required=False,
        max_length=18,
        help_text=_("18 digits, for civil servants (optional)."),
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


class PersonCreateForm(TeacherFieldsMixin):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Used to log in, e.g. budi.santoso."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(
        label=_("WhatsApp number"),
        required=False,
        max_length=20,
        help_text=_("e.g. 081234567890"),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, roles: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["roles"]).choices = role_choices(roles)

    field_order = [
        "username",
        "full_name",
        "roles",
        "phone",
        "email",
        "nuptk",
        "nip",
        "subjects",
        "grades",
    ]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("WhatsApp number"),
        required=False,
        max_length=20,
        help_text=_("A new number is used once its owner types the code sent to it."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("A new address is used once its owner opens the link sent to it."),
    )


class TeacherDetailsForm(TeacherFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def __init__(self, *args: Any, roles: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices(roles)


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("Excel (.xlsx) or CSV, with the template's columns."),
    )


class SchoolClassForm(forms.Form):
    school_year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.all())
    grade = forms.TypedChoiceField(label=_("Grade"), choices=Grade.choices, coerce=int)
    name = forms.CharField(label=_("Name"), max_length=20, help_text=_("e.g. VII-A"))
    homeroom_teacher = forms.ModelChoiceField(
        label=_("Homeroom teacher"), queryset=User.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this school's teachers are offered; the service checks again for the API.
        cast(forms.ModelChoiceField, self.fields["homeroom_teacher"]).queryset = teachers


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TimeZone.choices)

    @classmethod
    def for_school(cls, school: School, data: Any = None) -> "SchoolForm":
        initial = {"name": school.name, "address": school.address, "timezone": school.timezone}
        return cls(data, initial=initial)
