"""Case-work capabilities of the roles, and the data protection officer."""

from django.db import migrations


def set_capabilities(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Role.objects.filter(code="case_worker").update(can_work_cases=True)
    Role.objects.update_or_create(
        code="data_protection_officer",
        defaults={"reach": "national", "can_read_audit": True},
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_case_capabilities")]
    operations = [migrations.RunPython(set_capabilities, migrations.RunPython.noop)]
