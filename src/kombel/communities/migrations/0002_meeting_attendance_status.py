"""Meeting attendance takes the same four statuses as a workshop session's register.

The model is renamed (Attendance -> MeetingAttendance, rows kept); `present` becomes `status`
(True -> "present", False -> "absent") in three steps: add, fill, remove.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def present_to_status(apps, schema_editor):
    MeetingAttendance = apps.get_model("communities", "MeetingAttendance")
    MeetingAttendance._base_manager.filter(present=False).update(status="absent")


def status_to_present(apps, schema_editor):
    MeetingAttendance = apps.get_model("communities", "MeetingAttendance")
    MeetingAttendance._base_manager.filter(status="absent").update(present=False)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Attendance", "MeetingAttendance"),
        migrations.AlterField(
            model_name="meetingattendance",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attendances",
                to="communities.meeting",
            ),
        ),
        migrations.AddField(
            model_name="meetingattendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("present", "Present"),
                    ("late", "Late"),
                    ("excused", "Excused"),
                    ("absent", "Absent"),
                ],
                default="present",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="meetingattendance",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(present_to_status, status_to_present),
        migrations.RemoveField(model_name="meetingattendance", name="present"),
    ]
