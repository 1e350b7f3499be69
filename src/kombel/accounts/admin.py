from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import ApiToken, User
from kombel.accounts.services import contact_change, password_change_complete, tokens_revoke_all


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["username", "full_name", "phone", "email", "is_active"]
    search_fields = ["username", "full_name", "email", "phone"]
    readonly_fields = ["email_confirmed_at", "pending_email", "pending_phone"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "full_name",
                    "email",
                    "email_confirmed_at",
                    "pending_email",
                    "phone",
                    "pending_phone",
                    "language",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        before = User.objects.get(pk=obj.pk)
        # A new address or number waits for its owner, as everywhere (accounts.services).
        email, phone = obj.email, obj.phone
        obj.email, obj.phone = before.email, before.phone
        super().save_model(request, obj, form, change)
        started = contact_change(actor=request.user, user=obj, email=email, phone=phone)
        if started.phone_code:
            messages.info(
                request,
                _g(
                    "Send the code %(code)s to %(phone)s by WhatsApp: the number is used once "
                    "its owner types the code on My account."
                )
                % {"code": started.phone_code, "phone": started.phone},
            )
        if before.is_active and not obj.is_active:
            tokens_revoke_all(actor=request.user, user=obj, reason="deactivated")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            password_change_complete(actor=request.user, user=User.objects.get(pk=id))
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "label", "created_at", "last_used_at"]
    readonly_fields = ["key_hash"]
