"""Questionnaires (angket): sections, Likert scales, constructs and items."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.evaluation.enums import Audience, ItemKind
from kombel.schools.models import School

# An XLSForm `name`: it becomes an XML element name in the ODK form.
name_validator = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_]{0,49}$",
    _("Use letters, digits and underscores, starting with a letter (at most 50)."),
)
MIN_POINTS = 2
MAX_POINTS = 7  # one digit per answer in Response.vector


class Questionnaire(VersionedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    form_id = models.CharField(
        _("form id"),
        max_length=50,
        validators=[name_validator],
        help_text=_("The form's id in XLSForm (KoboToolbox, ODK)."),
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["school", "form_id"], name="questionnaire_unique_id")
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title


class Section(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("name"), max_length=50, validators=[name_validator])
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="section_unique_name")
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Scale(BaseModel):
    """A labelled Likert scale (an XLSForm choice list): points 1..k, k from 2 to 7."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="scales"
    )
    name = models.CharField(_("name"), max_length=50, validators=[name_validator])
    # [[Indonesian label, English label], ...] for points 1, 2, ... k
    labels = models.JSONField(_("labels"), default=list)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="scale_unique_name")
        ]
        verbose_name = _("scale")
        verbose_name_plural = _("scales")

    def __str__(self) -> str:
        return self.name

    @property
    def points(self) -> int:
        return len(self.labels)

    def label(self, value: int, lang: str = "id") -> str:
        pair = self.labels[value - 1]
        return pair[1] if lang == "en" and pair[1] else pair[0]


class Construct(BaseModel):
    """What a group of items measures: collaboration, reflective practice, motivation..."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="constructs"
    )
    code = models.CharField(_("code"), max_length=50, validators=[name_validator])
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="construct_unique_code")
        ]
        verbose_name = _("construct")
        verbose_name_plural = _("constructs")

    def __str__(self) -> str:
        return self.name


class Item(BaseModel):
    """One question: a Likert item (on a scale, maybe reverse-scored, in a construct) or an open
    question. `name` is its XLSForm name and the key of its answers."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    construct = models.ForeignKey(
        Construct, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    scale = models.ForeignKey(
        Scale, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    name = models.CharField(_("name"), max_length=50, validators=[name_validator])
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question in English"), blank=True)
    reverse = models.BooleanField(_("reverse-scored"), default=False)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Its place in every response's `vector` (Response): given once, never reused.
    slot = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="item_unique_name"),
            models.UniqueConstraint(fields=["questionnaire", "slot"], name="item_unique_slot"),
            models.CheckConstraint(
                condition=~models.Q(kind=ItemKind.LIKERT) | models.Q(scale__isnull=False),
                name="item_likert_has_scale",
            ),
        ]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.name

    @property
    def is_likert(self) -> bool:
        return self.kind == ItemKind.LIKERT

    def text_in(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text
