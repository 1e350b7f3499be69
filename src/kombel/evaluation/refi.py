"""REFI-QDA exchange: the codebook as a Codebook file (.qdc) and the coded project as a Project
file (.qdpx: a zip of project.qde and the sources' plain text), so that a researcher can go on
in NVivo, ATLAS.ti, MAXQDA or QualCoder; and a .qdc read back in.

- Every export is validated against the schemas shipped in schemas/ (copies of
  shared/refi-qda/: Project.xsd of QDA-XML 1.0 and the Codebook schema of REFI-QDA 1.5) with
  xmlschema before it is handed out.
- GUIDs are the rows' own ids (stable from one export to the next); a selection's GUID derives
  from its document and offsets; a user's from their id.
- Text is UTF-8 without a byte-order mark; offsets are zero-based Unicode code points with the
  end exclusive (`text[start:end]`), which is how Python indexes strings.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMAS = Path(__file__).resolve().parent / "schemas"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Kombel"
# Namespace for the GUIDs Kombel derives (selections, users).
GUID_NAMESPACE = uuid.UUID("5d1c3f0e-7a0b-4c51-9a7e-3b1f6c2d8e44")


@lru_cache(maxsize=2)
def schema(name: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMAS / name))


def guid(value: Any) -> str:
    return str(value).upper()


def derived_guid(*parts: Any) -> str:
    return guid(uuid.uuid5(GUID_NAMESPACE, ":".join(str(p) for p in parts)))


def _when(value: datetime | None) -> str:
    if value is None or value.utcoffset() is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _code_element(ns: str, code: Any, children: dict[Any, list[Any]]) -> ET.Element:
    element = ET.Element(
        f"{{{ns}}}Code",
        guid=guid(code.pk),
        name=code.name,
        isCodable="true" if code.is_codable else "false",
    )
    if code.color:
        element.set("color", code.color)
    if code.description:
        ET.SubElement(element, f"{{{ns}}}Description").text = code.description
    for child in children.get(code.pk, []):
        element.append(_code_element(ns, child, children))
    return element


def _codes(codes: list[Any], ns: str) -> ET.Element:
    children: dict[Any, list[Any]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    container = ET.Element(f"{{{ns}}}Codes")
    for top in children.get(None, []):
        container.append(_code_element(ns, top, children))
    return container


def codebook_qdc(codes: list[Any]) -> bytes:
    """A REFI-QDA Codebook (.qdc) of the codes (themes are codes that are not codable)."""
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=ORIGIN)
    root.append(_codes(codes, CODEBOOK_NS))
    body = _xml(root)
    schema("Codebook.xsd").validate(io.BytesIO(body))
    return body


@dataclass
class ProjectSource:
    document: Any  # models.Document
    codings: list[Any] = field(default_factory=list)  # models.Coding of that document


def project_qdpx(
    *,
    name: str,
    codes: list[Any],
    sources: list[ProjectSource],
    users: list[Any],
    created: datetime,
    description: str = "",
) -> bytes:
    """A REFI-QDA Project (.qdpx): project.qde and sources/<guid>.txt in one zip."""
    ns = PROJECT_NS
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}Project", name=name, origin=ORIGIN, creationDateTime=_when(created))
    if not root.get("creationDateTime"):
        del root.attrib["creationDateTime"]
    if users:
        users_el = ET.SubElement(root, f"{{{ns}}}Users")
        for user in users:
            ET.SubElement(
                users_el, f"{{{ns}}}User", guid=derived_guid("user", user.pk), name=str(user)
            )
    if codes:
        book = ET.SubElement(root, f"{{{ns}}}CodeBook")
        book.append(_codes(codes, ns))
    texts: dict[str, str] = {}
    if sources:
        sources_el = ET.SubElement(root, f"{{{ns}}}Sources")
        for source in sources:
            document = source.document
            text_guid = derived_guid("text", document.pk)
            texts[text_guid] = document.text
            element = ET.SubElement(
                sources_el,
                f"{{{ns}}}TextSource",
                guid=guid(document.pk),
                name=document.title,
                plainTextPath=f"internal://{text_guid}.txt",
            )
            spans: dict[tuple[int, int], list[Any]] = {}
            for coding in source.codings:
                spans.setdefault((coding.start, coding.end), []).append(coding)
            for (start, end), codings in sorted(spans.items()):
                selection = ET.SubElement(
                    element,
                    f"{{{ns}}}PlainTextSelection",
                    guid=derived_guid("selection", document.pk, start, end),
                    name=document.text[start:end][:80],
                    startPosition=str(start),
                    endPosition=str(end),
                )
                for coding in codings:
                    coding_el = ET.SubElement(
                        selection,
                        f"{{{ns}}}Coding",
                        guid=guid(coding.pk),
                        creatingUser=derived_guid("user", coding.coder_id),
                    )
                    when = _when(coding.created_at)
                    if when:
                        coding_el.set("creationDateTime", when)
                    ET.SubElement(coding_el, f"{{{ns}}}CodeRef", targetGUID=guid(coding.code_id))
    if description:
        ET.SubElement(root, f"{{{ns}}}Description").text = description
    body = _xml(root)
    schema("Project.xsd").validate(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", body)
        for text_guid, text in texts.items():
            archive.writestr(f"sources/{text_guid}.txt", text.encode("utf-8"))  # no BOM
    return out.getvalue()


@dataclass
class ParsedCode:
    guid: str
    name: str
    description: str
    color: str
    is_codable: bool
    children: list["ParsedCode"] = field(default_factory=list)


def parse_qdc(data: bytes) -> list[ParsedCode]:
    """Read a REFI-QDA Codebook: ValidationError for a file that is not XML or not a valid
    codebook (entities and remote references are refused)."""
    import xmlschema

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        resource = xmlschema.XMLResource(io.BytesIO(data), defuse="always", allow="none")
    except Exception as exc:  # ParseError and xmlschema's own kinds
        raise ValidationError(
            _("This file is not valid XML, so it is not a REFI-QDA codebook (.qdc).")
        ) from exc
    errors = list(schema("Codebook.xsd").iter_errors(resource))
    if errors:
        raise ValidationError(
            [_("The file is not a valid REFI-QDA codebook:")]
            + [str(error.reason or error.message)[:300] for error in errors[:5]]
        )
    root = resource.root
    ns = {"q": CODEBOOK_NS}

    def read(element: Any) -> ParsedCode:
        description = element.find("q:Description", ns)
        return ParsedCode(
            guid=element.get("guid").strip("{}"),
            name=element.get("name"),
            description=(description.text or "") if description is not None else "",
            color=(element.get("color") or "")[:7],
            is_codable=element.get("isCodable") in ("true", "1"),
            children=[read(child) for child in element.findall("q:Code", ns)],
        )

    codes = root.find("q:Codes", ns)
    return [read(code) for code in codes.findall("q:Code", ns)] if codes is not None else []
