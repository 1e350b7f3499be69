from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.pagination import paginate

from kombel.core.api import Paged, require
from kombel.schools.http import SchoolHttpRequest
from tests.example_app.models import Visit

router = Router(tags=["example"])


class VisitOut(Schema):
    title: str


@router.get("/schools/{npsn}/visits", response=list[VisitOut])
@paginate(Paged)
def list_visits(request: SchoolHttpRequest, npsn: str) -> QuerySet[Visit]:
    require(request, "example_app.view_visits", request.school)
    return Visit.objects.filter(school=request.school)
