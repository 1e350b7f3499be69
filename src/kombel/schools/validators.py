from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

npsn_validator = RegexValidator(
    r"^[0-9A-Z]{8}$", _("NPSN must be exactly 8 characters (digits), e.g. 10505123.")
)
nuptk_validator = RegexValidator(r"^[0-9]{16}$", _("NUPTK must be exactly 16 digits."))
nip_validator = RegexValidator(r"^[0-9]{18}$", _("NIP must be exactly 18 digits."))
bps_code_validator = RegexValidator(
    r"^[0-9]{4}$", _("The BPS code of a district has 4 digits, e.g. 1509.")
)
school_year_validator = RegexValidator(
    r"^[0-9]{4}/[0-9]{4}$", _("Write the school year as 2025/2026.")
)
