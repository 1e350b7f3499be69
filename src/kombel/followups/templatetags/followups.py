"""`{% followup_add_form source %}`: the inline form to agree a follow-up at any source page."""

from typing import Any

from django import template
from django.urls import reverse

from kombel.core.extensions import followup_source_for
from kombel.followups.forms import ActionItemForm
from kombel.followups.queries import possible_owners

register = template.Library()


@register.inclusion_tag("followups/_add_form.html")
def followup_add_form(source: Any) -> dict[str, Any]:
    """The form posts to the tracker (followups:add), which returns to the source's page."""
    spec = followup_source_for(source)
    action = reverse("followups:add", args=[source.school.npsn, spec.source_type, source.pk])
    form = ActionItemForm(people=possible_owners(source), not_before=spec.describe(source).date)
    return {"form": form, "action": action}
