"""The roles and their reach are reference data: every installation starts with them."""

from django.db import migrations

ROLES = [
    ("national_coordinator", "national", False),
    ("secretariat_officer", "region", False),
    ("committee_member", "region", False),
    ("case_worker", "institution", False),
    ("institution_admin", "institution", True),
    ("system_admin", "national", True),
    ("observer", "institution", False),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, reach, can_edit_directory in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"reach": reach, "can_edit_directory": can_edit_directory}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
