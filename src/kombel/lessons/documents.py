"""A plan as the files teachers hand in: DOCX (python-docx) and PDF (WeasyPrint), laid out like
a Modul Ajar with the school's identity; and a teacher's DOCX read back into sections."""

import base64
import difflib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kombel.lessons.enums import SectionKind
from kombel.lessons.models import LessonPlan, PlanSection
from kombel.lessons.text import render_markdown

DOCX_MAX_BYTES = 5 * 1024 * 1024


def identity_rows(plan: LessonPlan) -> list[tuple[str, str]]:
    authors = ", ".join(
        a.user.get_full_name() or a.user.get_username() for a in plan.authorships.all()
    )
    return [
        (_("Authors"), authors),
        (_("School"), plan.school.name),
        (_("School year"), plan.school_year or "—"),
        (_("Phase"), plan.phase),
        (_("Grade"), plan.get_grade_display() or "—"),
        (_("Subject"), str(plan.subject) if plan.subject else "—"),
    ]


_BOLD = re.compile(r"\*\*(.+?)\*\*")
# An image of the plan in a section's Markdown: ![description](/s/<npsn>/lessons/images/<id>.jpg)
_IMAGE_MD = re.compile(r"!\[([^\]]*)\]\((/s/[^/()\s]+/lessons/images/([0-9a-f-]{36})\.jpg)\)")
_IMAGE_SRC = re.compile(r'src="(/s/[^/"]+/lessons/images/([0-9a-f-]{36})\.jpg)"')


def plan_images(plan: LessonPlan, texts: list[str]) -> dict[str, bytes]:
    """The bytes of the school's plan images the texts name, by id (missing files left out:
    the export then keeps the image's description)."""
    from kombel.lessons.models import PlanImage

    ids = {m.group(3) for text in texts for m in _IMAGE_MD.finditer(text)}
    found: dict[str, bytes] = {}
    if not ids:
        return found
    for image in PlanImage.objects.filter(school=plan.school_id, pk__in=ids):
        try:
            with image.image.open("rb") as handle:
                found[str(image.pk)] = handle.read()
        except (FileNotFoundError, ValueError):
            continue
    return found


_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _runs(paragraph: Any, text: str) -> None:
    """Add `text` to a docx paragraph, **bold** parts as bold runs."""
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        paragraph.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _docx_images(doc: Any, line: str, images: dict[str, bytes]) -> None:
    """A line holding images: its text as paragraphs, each image as a picture the width of
    the page (or its description in brackets when the file is gone)."""
    from docx.shared import Cm

    pos = 0
    for m in _IMAGE_MD.finditer(line):
        before = line[pos : m.start()].strip()
        if before:
            _runs(doc.add_paragraph(), before)
        data = images.get(m.group(3))
        if data is not None:
            doc.add_picture(io.BytesIO(data), width=Cm(14))
            if m.group(1).strip():
                doc.add_paragraph(m.group(1).strip(), style="Caption")
        else:
            doc.add_paragraph(f"[{m.group(1).strip() or _('Image')}]")
        pos = m.end()
    after = line[pos:].strip()
    if after:
        _runs(doc.add_paragraph(), after)


def _markdown_to_docx(doc: Any, text: str, images: dict[str, bytes] | None = None) -> None:
    """The Markdown teachers write (paragraphs, lists, tables, bold, headings, quotes, the
    plan's images) as Word paragraphs; anything else is kept as plain text."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                    rows.append(cells)
                i += 1
            if rows:
                width = max(len(r) for r in rows)
                table = doc.add_table(rows=len(rows), cols=width)
                table.style = "Table Grid"
                for r, cells in enumerate(rows):
                    for c, value in enumerate(cells):
                        table.cell(r, c).text = value
            continue
        stripped = line.strip()
        if _IMAGE_MD.search(line):
            _docx_images(doc, stripped, images or {})
        elif stripped.startswith("#"):
            doc.add_heading(stripped.lstrip("#").strip(), level=3)
        elif _LIST.match(line):
            numbered = bool(re.match(r"^\s*\d", line))
            p = doc.add_paragraph(style="List Number" if numbered else "List Bullet")
            _runs(p, _LIST.sub("", line))
        elif stripped.startswith(">"):
            p = doc.add_paragraph(style="Quote")
            _runs(p, stripped.lstrip("> ").strip())
        else:
            p = doc.add_paragraph()
            _runs(p, stripped)
        i += 1


def plan_docx(plan: LessonPlan) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(plan.template.name.upper(), level=0)
    doc.add_paragraph(plan.title).runs[0].bold = True
    rows = identity_rows(plan)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for r, (label, value) in enumerate(rows):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    sections = list(plan.sections.all())
    images = plan_images(plan, [s.content for s in sections if s.kind == SectionKind.RICH])
    group = None
    for section in sections:
        if section.group and section.group != group:
            group = section.group
            doc.add_heading(group.upper(), level=1)
        doc.add_heading(section.title, level=2)
        if not section.content.strip():
            doc.add_paragraph("—")
        elif section.kind == SectionKind.CHOICES:
            for value in section.choice_values:
                doc.add_paragraph(value, style="List Bullet")
        elif section.kind == SectionKind.TEXT:
            doc.add_paragraph(section.content)
        else:
            _markdown_to_docx(doc, section.content, images)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_pdf(plan: LessonPlan) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    sections = list(plan.sections.all())
    images = plan_images(plan, [s.content for s in sections if s.kind == SectionKind.RICH])

    def inline(m: re.Match[str]) -> str:
        data = images.get(m.group(2))
        if data is None:
            return 'src=""'
        return f'src="data:image/jpeg;base64,{base64.b64encode(data).decode()}"'

    for s in sections:
        html = render_markdown(s.content) if s.kind == SectionKind.RICH else ""
        s.html = mark_safe(_IMAGE_SRC.sub(inline, html))  # type: ignore[attr-defined]  # noqa: S308
    html = render_to_string(
        "lessons/plan_print.html",
        {"plan": plan, "identity": identity_rows(plan), "sections": sections},
    )
    # Nothing is fetched from the network or the disk: only inline data: images are drawn.
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


# --- import ----------------------------------------------------------------------------------


@dataclass
class ImportedPlan:
    """What a DOCX gave: text by section key, and what matched no section (heading, text)."""

    title: str = ""
    content: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)

    def text(self, key: str) -> str:
        return "\n\n".join(self.content.get(key, [])).strip()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", text.lower()).strip()


def _match(heading: str, sections: list[PlanSection]) -> PlanSection | None:
    wanted = _norm(re.sub(r"^[A-Za-z0-9]{1,3}[.)]\s+", "", heading))
    if not wanted:
        return None
    titles = {_norm(s.title): s for s in sections}
    titles.update({_norm(s.key.replace("_", " ")): s for s in sections})
    if wanted in titles:
        return titles[wanted]
    for title, section in titles.items():
        if len(title) >= 6 and (wanted.startswith(title) or title.startswith(wanted)):
            return section
    close = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=0.8)
    return titles[close[0]] if close else None


def _style(paragraph: Any) -> str:
    return (paragraph.style.name or "").lower() if paragraph.style is not None else ""


def _is_heading(paragraph: Any) -> bool:
    style = _style(paragraph)
    if style.startswith(("heading", "title", "judul")):
        return True
    text = paragraph.text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(text) and len(text) <= 80 and bool(runs) and all(r.bold for r in runs)


def read_docx(data: bytes, sections: list[PlanSection]) -> ImportedPlan:
    """Headings that name a section start it; the text under a heading that names none is kept
    (with its heading) for a section of its own. Tables become rows "a | b | c"."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    result = ImportedPlan()
    current: PlanSection | None = None
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, doc)
            text = paragraph.text.strip()
            if not text:
                continue
            style = _style(paragraph)
            if _is_heading(paragraph):
                if not result.title and style.startswith("title"):
                    result.title = text[:200]
                    continue
                matched = _match(text, sections)
                if matched is not None:
                    current = matched
                    continue
                current = None
                result.unmatched.append(f"**{text}**")
                continue
            line = f"- {text}" if "list" in style else text
            if current is not None:
                result.content.setdefault(current.key, []).append(line)
            else:
                result.unmatched.append(line)
        elif tag == "tbl":
            table = Table(block, doc)
            rows = [
                "| " + " | ".join(c.text.strip() for c in row.cells) + " |" for row in table.rows
            ]
            if rows:
                width = len(table.rows[0].cells)
                rows.insert(1, "|" + "---|" * width)
            text = "\n".join(rows)
            if current is not None:
                result.content.setdefault(current.key, []).append(text)
            else:
                result.unmatched.append(text)
    return result
