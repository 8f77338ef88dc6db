"""A case code searched by any part of it (the case list's ``q``, ``code__icontains``).

On PostgreSQL, a trigram index on ``UPPER(code::text)``, the expression Django's
``icontains`` asks there: a search reads the few cases holding three letters or more of
it instead of every case. ``pg_trgm`` ships with PostgreSQL (contrib) and the database's
owner may create it (a trusted extension since PostgreSQL 13). SQLite has no such
index, and nothing is done there; the model does not declare it for that reason."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX case_code_trigram ON cases_case USING gin (UPPER(code::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_code_trigram")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_updated_at_index")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
