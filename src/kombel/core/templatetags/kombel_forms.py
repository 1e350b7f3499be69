"""Form helpers for templates/components/form.html: the summary of errors and the first field
with an error (focused when the form comes back, so the page opens there)."""

import secrets
from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def field_errors(form: forms.BaseForm) -> list[tuple[Any, str]]:
    """(bound field, message) for every error of a visible field, in the form's order."""
    return [(field, str(message)) for field in form.visible_fields() for message in field.errors]


@register.filter
def first_error(form: forms.BaseForm) -> str:
    """The name of the first visible field with an error, or ""."""
    for field in form.visible_fields():
        if field.errors:
            return field.name
    return ""


@register.filter
def autofocused(field: forms.BoundField) -> SafeString:
    """The field's widget with `autofocus`: the browser scrolls to it and focuses it."""
    return field.as_widget(attrs={"autofocus": True})


@register.simple_tag
def submit_once() -> SafeString:
    """A one-tap form's submission token (`_draft`, as kombel.js gives the forms that keep a
    draft): tapped twice, or sent again by a reload, the form is answered once
    (core.middleware.DraftMiddleware) - one approval, one notice to everyone."""
    return format_html('<input type="hidden" name="_draft" value="{}">', secrets.token_hex(12))
