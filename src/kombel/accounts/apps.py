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
            {
                "email": _("E-mail"),
                "feed_token": _("Calendar link"),
                "login_code": _("Login code"),
                "password": _("Password"),
                "phone": _("WhatsApp number"),
                "token": _("API token"),
                "tokens": _("API tokens"),
                "user": _("Account"),
            },
            {
                "changed": _("changed"),
                "confirmed": _("confirmed"),
                "requested": _("change requested"),
                "revoked": _("revoked"),
                "used": _("used"),
            },
        )
        register_api_router("accounts", router, prefix="/auth")
        from kombel.accounts.services import home_notices
        from kombel.core.extensions import HomePanel, register_home_panel

        register_home_panel(
            HomePanel("accounts.notices", "accounts/_home_notices.html", home_notices, order=5)
        )
