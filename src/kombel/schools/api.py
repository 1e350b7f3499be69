from django.http import HttpRequest
from ninja import Router, Schema

from kombel.schools import queries
from kombel.schools.models import School

router = Router(tags=["schools"])


class SchoolOut(Schema):
    npsn: str
    name: str
    address: str
    timezone: str
    district: str


def _school_out(school: School) -> dict[str, str]:
    return {
        "npsn": school.npsn,
        "name": school.name,
        "address": school.address,
        "timezone": school.timezone,
        "district": school.district.name,
    }


@router.get("/schools", response=list[SchoolOut])
def list_schools(request: HttpRequest) -> list[dict[str, str]]:
    return [_school_out(s) for s in queries.schools_for_user(request.user)]


@router.get("/schools/{npsn}", response=SchoolOut)
def get_school(request: HttpRequest, npsn: str) -> dict[str, str]:
    return _school_out(request.school)  # type: ignore[attr-defined]
