"""The consent text parents and community leaders agree to (UU No. 27 Tahun 2022 tentang
Pelindungan Data Pribadi), versioned: a consent is recorded with the version its person read.

A change of wording is a new version (add it below, keep the old ones: a recorded consent must
still show what was agreed); CURRENT is what the join page shows.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentText:
    version: str
    title: Promise
    paragraphs: tuple[Promise, ...]


VERSIONS: dict[str, ConsentText] = {
    "2026-11": ConsentText(
        "2026-11",
        _("Consent to the use of your personal data"),
        (
            _(
                "The school uses Kombel for the learning forum of parents, teachers and community "
                "leaders. To take part, we keep: your name, your WhatsApp number, your child's "
                "class (for parents), what you write in the forum (text, photos, links), the "
                "monthly feedback you give, your suggestions and the forum meetings you attend."
            ),
            _(
                "Why: so that you can take part in the forum, so that teachers can improve "
                "learning from your feedback and suggestions, and so that the school can report "
                "how parents and the community take part (in numbers, without names)."
            ),
            _(
                "Who sees it: teachers and the principal of this school. Other parents see only "
                "what you write in the forum spaces you share with them, never your feedback. "
                "Nothing is sold or given to anyone outside the school and the education office."
            ),
            _(
                "Your rights (UU No. 27 Tahun 2022 on Personal Data Protection): you may withdraw "
                "this consent at any time on your own page, download your data, and ask for your "
                "data to be deleted. After deletion your posts stay in the forum without your "
                "name."
            ),
        ),
    ),
}
CURRENT = "2026-11"


def current() -> ConsentText:
    return VERSIONS[CURRENT]


def text_of(version: str) -> ConsentText | None:
    return VERSIONS.get(version)
