from django.db import migrations

# The five materials of the model (SMP N 1 Kabupaten Tebo), titles in Indonesian as taught.
MATERIALS = [
    (
        "desain-pembelajaran-kolaboratif",
        "Desain pembelajaran kolaboratif",
        "Merancang perangkat pembelajaran bersama rekan sejawat dan melakukan peer-review.",
    ),
    (
        "strategi-inovatif-tematik",
        "Strategi inovatif dalam pembelajaran tematik",
        "Strategi pembelajaran tematik yang inovatif dan kontekstual.",
    ),
    (
        "media-teknologi-pembelajaran",
        "Penggunaan media dan teknologi pembelajaran",
        "Memanfaatkan media dan teknologi digital dalam pembelajaran.",
    ),
    (
        "pengelolaan-kelas-proyek",
        "Pengelolaan kelas berbasis proyek",
        "Simulasi dan pengelolaan pembelajaran berbasis proyek (PjBL).",
    ),
    (
        "kolaborasi-guru-siswa-orangtua",
        "Penguatan kolaborasi guru, siswa, dan orang tua",
        "Membangun kolaborasi antara guru, siswa, dan orang tua dalam pembelajaran.",
    ),
]


def seed(apps, schema_editor):
    Material = apps.get_model("programs", "Material")
    for order, (code, title, description) in enumerate(MATERIALS, start=1):
        Material.objects.update_or_create(
            code=code, defaults={"title": title, "description": description, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("programs", "Material").objects.filter(
        code__in=[m[0] for m in MATERIALS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
