from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.followups.enums import ItemStatus
from kombel.followups.queries import source_type_label


class ActionItemForm(forms.Form):
    """A follow-up plan (RTL) agreed at a meeting, a session, a visit: kept in the tracker."""

    description = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self, *args: Any, people: QuerySet[User], not_before: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people
        if not_before is not None:  # the day of the source: a due date before it is refused
            self.fields["due_date"].widget.attrs["min"] = not_before.isoformat()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the item is dropped."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"),
        required=False,
        assume_scheme="https",
        help_text=_("A photo, document or folder that shows the result."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ItemStatus.choices]
    )
    source_type = forms.ChoiceField(label=_("Source"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(
        self,
        *args: Any,
        owners: Iterable[User] = (),
        source_types: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", _("Everyone"))] + [
            (str(u.pk), u.full_name) for u in owners
        ]
        cast(forms.ChoiceField, self.fields["source_type"]).choices = [("", _("All sources"))] + [
            (s, source_type_label(s)) for s in source_types
        ]
