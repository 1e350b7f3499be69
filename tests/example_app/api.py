from typing import Any

from ninja import Router

from kombel.core.api import require
from tests.example_app.models import Visit

router = Router(tags=["example"])


@router.get("/schools/{npsn}/visits", response=list[dict[str, str]])
def list_visits(request: Any, npsn: str) -> list[dict[str, str]]:
    require(request, "example_app.view_visits", request.school)
    return [{"title": v.title} for v in Visit.objects.filter(school=request.school)]
