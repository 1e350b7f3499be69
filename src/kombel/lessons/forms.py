"""Forms only parse; the services check the rules."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.communities.models import Community
from kombel.lessons.enums import REVIEWERS_MAX, SectionKind
from kombel.lessons.models import LessonPlan, PlanSection, PlanTemplate
from kombel.schools.enums import Grade
from kombel.schools.models import Subject


class PlanForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=PlanTemplate.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
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
    school_year = forms.CharField(label=_("School year"), max_length=9, required=False)
    community = forms.ModelChoiceField(
        label=_("Learning community"), queryset=Community.objects.none(), required=False
    )
    co_authors = forms.ModelMultipleChoiceField(
        label=_("Co-authors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Teachers who write the plan with you: they edit it, and it is reviewed as one."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        templates: Any,
        communities: Any,
        teachers: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = communities
        cast(forms.ModelChoiceField, self.fields["co_authors"]).queryset = teachers
        if editing:
            del self.fields["template"]


class SectionForm(forms.Form):
    content = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, section: PlanSection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["content"]
        field.label = section.title
        field.help_text = section.help or (
            _("Markdown: **bold**, *italic*, lists with -, tables with |.")
            if section.kind == SectionKind.RICH
            else ""
        )
        if section.kind == SectionKind.TEXT:
            field.widget = forms.TextInput()
        elif section.kind == SectionKind.CHOICES:
            self.fields["content"] = forms.MultipleChoiceField(
                label=section.title,
                choices=[(o, o) for o in section.options],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def content_text(self) -> str:
        value = self.cleaned_data.get("content") or ""
        if isinstance(value, list):
            return "\n".join(value)
        return str(value)


class CommentForm(forms.Form):
    section_key = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, plan: LessonPlan, sections: list[PlanSection], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section_key"]).choices = [
            ("", _("The whole plan")),
            *[(s.key, s.title) for s in sections],
        ]


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave empty to assign automatically: the members with the fewest open reviews."
        ),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reviewers"]).queryset = candidates


class NeededForm(forms.Form):
    reviewers_needed = forms.IntegerField(
        label=_("Reviewers needed"),
        min_value=1,
        max_value=REVIEWERS_MAX,
        help_text=_("How many submitted reviews the plan needs before it can be approved."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    sections = forms.CharField(
        label=_("Sections"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "One section per line: part | title | kind (rich, text or choices) | help | "
            "choices separated by ;"
        ),
    )
    active = forms.BooleanField(label=_("Offered for new plans"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=200)
    section_key = forms.CharField(
        label=_("Section (key)"),
        max_length=60,
        required=False,
        help_text=_("The template section it reviews, e.g. tujuan_pembelajaran."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    levels = forms.CharField(
        label=_("Levels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One level per line: score | label | descriptor."),
    )


class DelegateForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Facilitator"), queryset=User.objects.none())
    on = forms.BooleanField(label=_("May approve plans"), required=False)

    def __init__(self, *args: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = facilitators


class ImportForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=PlanTemplate.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the document's title, or the file name."),
    )
    file = forms.FileField(
        label=_("Word document (.docx)"),
        help_text=_("Headings that name a section fill it; the rest is kept in a section “Other”."),
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image (JPEG or PNG)"),
        help_text=_(
            "Resized for phones. Save your text first: the image is added at the end of the "
            "section, and you can move its line."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    alt = forms.CharField(
        label=_("What the image shows"),
        max_length=200,
        required=False,
        help_text=_("For those who cannot see it, and when it does not load."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
