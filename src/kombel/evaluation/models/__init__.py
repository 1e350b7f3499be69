from kombel.evaluation.models.coding import Code, Codebook, Coding, Document
from kombel.evaluation.models.questionnaires import (
    Construct,
    Item,
    Questionnaire,
    Scale,
    Section,
)
from kombel.evaluation.models.records import DocumentationItem, Interview
from kombel.evaluation.models.waves import (
    Receipt,
    Response,
    ResponseImport,
    Wave,
    encode_likert,
)

__all__ = [
    "Code",
    "Codebook",
    "Coding",
    "Construct",
    "Document",
    "DocumentationItem",
    "Interview",
    "Item",
    "Questionnaire",
    "Receipt",
    "Response",
    "ResponseImport",
    "Scale",
    "Section",
    "Wave",
    "encode_likert",
]
