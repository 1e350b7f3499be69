"""Lesson plans for tests: a plan made through the service (sections from the template)."""

from typing import Any

from django_scopes import scopes_disabled

from kombel.lessons import services
from kombel.lessons.models import LessonPlan, PlanTemplate


def plan_for(
    school: Any,
    author: Any,
    *,
    co_authors: Any = (),
    community: Any = None,
    title: str = "Ekosistem sawah",
    template_key: str = "modul-ajar",
    write: dict[str, str] | None = None,
) -> LessonPlan:
    """A plan of `school` by `author` (a teacher there); `write` fills sections (one revision
    each)."""
    with scopes_disabled():
        services.defaults_install(school=school)
        template = PlanTemplate.objects.get(school=school, key=template_key)
        plan = services.plan_create(
            actor=author,
            school=school,
            template=template,
            title=title,
            co_authors=list(co_authors),
            community=community,
        )
        for key, text in (write or {}).items():
            section = plan.sections.get(key=key)
            services.section_save(
                actor=author, section=section, content=text, version=section.version
            )
        return LessonPlan.objects.get(pk=plan.pk)
