from django.db import models

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel
from kombel.schools.models import School


class Visit(BaseModel):
    """A school visit: the smallest school-owned record an app can have."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    date = models.DateField()

    objects = ScopedManager(school="school")

    def __str__(self) -> str:
        return self.title
