"""Forms only parse; the rules are the services'."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kombel.participation.enums import (
    INVITED_ROLES,
    Engagement,
    InputTarget,
    ResourceKind,
    SpaceKind,
)
from kombel.programs.models import Event
from kombel.schools.enums import Role

_ROLE_CHOICES = [(r.value, r.label) for r in INVITED_ROLES]


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Invite as"), choices=_ROLE_CHOICES, initial=Role.PARENT)
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("As the school knows them, e.g. Ibu Nurlela.")
    )
    phone = forms.CharField(
        label=_("WhatsApp number"),
        max_length=20,
        required=False,
        help_text=_("To send the invitation by WhatsApp; it also becomes their username."),
    )
    school_class: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Child's class"), queryset=None, required=False, help_text=_("For a parent.")
    )
    child_name = forms.CharField(label=_("Child's name"), max_length=200, required=False)

    def __init__(self, *args: Any, classes: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]


class JoinForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "You log in with it. Your WhatsApp number is easy to remember: at login it may be "
            "typed with spaces, dashes or +62."
        ),
    )
    password = forms.CharField(
        label=_("PIN or password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "text"}),
        help_text=_("A PIN of at least 6 digits, or a password of at least 8 characters."),
    )
    password2 = forms.CharField(
        label=_("PIN or password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the text above and agree to the use of my data as it says."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two entries differ."))
        return data


class JoinExistingForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the text above and agree to the use of my data as it says."),
        required=False,
    )


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SpaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who takes part"), choices=SpaceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    programme: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=None,
        required=False,
        empty_label=_("The whole school"),
        help_text=_("A programme's space is for the parents of its school year."),
    )
    school_class: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Class"), queryset=None, required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args: Any, classes: QuerySet[Any], programmes: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class ProgrammeSpacesForm(forms.Form):
    """A programme's forum in one go (prefix "setup")."""

    programme: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Programme"), queryset=None
    )
    classes: "forms.ModelMultipleChoiceField[Any]" = forms.ModelMultipleChoiceField(
        label=_("A space per class too (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, classes: QuerySet[Any], programmes: QuerySet[Any], **kwargs: Any
    ) -> None:
        kwargs["prefix"] = "setup"
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = classes  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    link = forms.CharField(label=_("Link (optional)"), max_length=500, required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPG or PNG, at most 10 MB; it is made smaller for slow connections."),
    )


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=150)
    pinned = forms.BooleanField(label=_("Pin as the space's announcement"), required=False)
    field_order = ["title", "body", "link", "photo", "pinned"]

    def __init__(self, *args: Any, can_pin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_pin:
            del self.fields["pinned"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class FeedbackForm(forms.Form):
    engagement = forms.TypedChoiceField(
        label=_("How keen is your child on learning at school?"),
        choices=Engagement.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    talks_about = forms.CharField(
        label=_("What does your child talk about from school?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    suggestion = forms.CharField(
        label=_("Your suggestion for the teachers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class LocalInputForm(forms.Form):
    target = forms.ChoiceField(label=_("About"), choices=[])
    material: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Material"), queryset=None, required=False
    )
    community: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Learning community (its theme)"), queryset=None, required=False
    )
    context = forms.CharField(
        label=_("Local context"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("What of our area could the children learn from here?"),
    )
    resource_kind = forms.ChoiceField(
        label=_("Suggested local resource"), choices=ResourceKind.choices
    )
    resource = forms.CharField(
        label=_("Name of the resource"),
        max_length=200,
        required=False,
        help_text=_("e.g. Danau Sipin, batik Jambi, Pak Rahman the rubber farmer"),
    )

    lesson_plan: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Lesson plan"), queryset=None, required=False
    )
    field_order = ["target", "material", "community", "lesson_plan"]

    def __init__(
        self,
        *args: Any,
        materials: QuerySet[Any],
        communities: QuerySet[Any],
        plans: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (target.value, target.label) for target in InputTarget
        ]
        self.fields["material"].queryset = materials  # type: ignore[attr-defined]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["lesson_plan"].queryset = plans  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    accept = forms.BooleanField(label=_("We take this up in our teaching"), required=False)


class MeetingForm(forms.Form):
    programme: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Programme"), queryset=None
    )
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Learning forum meeting"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    confirm = forms.BooleanField(label=_("Keep it even on a day without school"), required=False)

    def __init__(self, *args: Any, programmes: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


def event_label(event: Event) -> str:
    return f"{event.title} · {event.date:%d/%m/%Y}"
