from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tryeza.geography.services import GeographyFileError, geography_load


class Command(BaseCommand):
    help = "Load regions, municipalities and cluster groups from a JSON reference file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=settings.TRYEZA_GEOGRAPHY_FILE,
            help="JSON file (default: settings.TRYEZA_GEOGRAPHY_FILE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = geography_load(path=Path(options["path"]))
        except GeographyFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Loaded {result.regions} regions, {result.municipalities} municipalities, "
            f"{result.cluster_groups} cluster groups."
        )
