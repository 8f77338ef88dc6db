"""Writes to the geography: loading a country's reference file."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from tryeza.geography import choices
from tryeza.geography.models import ClusterGroup, Municipality, Region


class GeographyFileError(ValueError):
    """The reference file is malformed; nothing was written."""


@dataclass(frozen=True)
class LoadResult:
    regions: int
    municipalities: int
    cluster_groups: int


def geography_load(*, path: Path) -> LoadResult:
    """Create or update regions, municipalities and cluster groups from a JSON file.

    Idempotent: loading the same file twice changes nothing. Rows that the file no longer
    lists are kept (records may point at them); a cluster group's membership follows the
    file exactly.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        regions = data["regions"]
        municipalities = data["municipalities"]
        clusters = data.get("cluster_groups", [])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GeographyFileError(f"{path}: {exc}") from exc

    with transaction.atomic():
        by_iso: dict[str, Region] = {}
        for row in regions:
            region, _ = Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "abbreviation": row["abbreviation"],
                    "name": row["name"],
                    "name_en": row.get("name_en") or row["name"],
                },
            )
            by_iso[region.code] = region
        by_lau: dict[str, Municipality] = {}
        for row in municipalities:
            if row["region"] not in by_iso:
                raise GeographyFileError(
                    f"Municipality {row['code']} names unknown region {row['region']}"
                )
            municipality, _ = Municipality.objects.update_or_create(
                code=row["code"],
                defaults={
                    "region": by_iso[row["region"]],
                    "name": row["name"],
                    "name_en": row.get("name_en") or row["name"],
                },
            )
            by_lau[municipality.code] = municipality
        for row in clusters:
            unknown = [code for code in row["municipalities"] if code not in by_lau]
            if unknown:
                raise GeographyFileError(
                    f"Cluster group {row['code']} names unknown municipalities {unknown}"
                )
            cluster, _ = ClusterGroup.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "name_en": row.get("name_en") or row["name"]},
            )
            cluster.municipalities.set([by_lau[code] for code in row["municipalities"]])
    choices.forget()
    return LoadResult(len(regions), len(municipalities), len(clusters))
