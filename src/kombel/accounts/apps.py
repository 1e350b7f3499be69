from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kombel.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kombel.accounts.api import router
        from kombel.core.extensions import register_api_router, register_audit_labels

        register_audit_labels(
            "accounts",
            {"feed_token": _("Calendar link"), "token": _("API token"), "user": _("Account")},
        )
        register_api_router("accounts", router, prefix="/auth")
