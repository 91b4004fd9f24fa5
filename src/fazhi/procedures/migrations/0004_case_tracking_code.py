"""Cases get a tracking code (查询码); existing cases of procedures the public may open get
one here, so that every caller and applicant already on file can follow their case with it."""

import secrets

from django.db import migrations, models

# The alphabet and length of procedures.tracking, frozen here as they were when the codes
# were introduced (a migration must not change when the module does).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 9


def public_procedures() -> set[str]:
    """Keys of the procedures whose spec lets the public open cases (read at migrate time)."""
    from fazhi.procedures.registry import all_specs
    from fazhi.procedures.spec import PUBLIC

    return {spec.key for spec in all_specs() if PUBLIC in spec.opened_by}


def give_codes(apps, schema_editor):
    Case = apps.get_model("procedures", "Case")
    pks = list(
        Case.objects.filter(
            procedure__in=public_procedures(), tracking_code=""
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(pks), 2000):
        batch = [
            Case(
                pk=pk,
                tracking_code="".join(secrets.choice(ALPHABET) for _i in range(LENGTH)),
            )
            for pk in pks[start : start + 2000]
        ]
        Case.objects.bulk_update(batch, ["tracking_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0003_case_next_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="tracking_code",
            field=models.CharField(
                blank=True, default="", max_length=16, verbose_name="tracking code"
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
