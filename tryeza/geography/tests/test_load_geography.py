"""The reference geography: what the shipped file says, and how a bad file is refused."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tryeza.geography.models import ClusterGroup, Municipality, Region
from tryeza.geography.services import geography_load

pytestmark = pytest.mark.django_db


def test_twelve_regions_with_iso_codes_and_sixty_one_municipalities():
    assert list(Region.objects.values_list("code", flat=True)) == [
        f"AL-{n:02d}" for n in range(1, 13)
    ]
    assert Municipality.objects.count() == 61
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert {"AL111", "AL357"} <= codes
    assert Region.objects.get(code="AL-03").municipalities.count() == 7


def test_every_municipality_sits_in_exactly_one_cluster_group():
    counts = list(Municipality.objects.values_list("cluster_groups__code", flat=True))
    assert None not in counts
    assert len(counts) == 61


def test_permet_and_skrapar_belong_to_the_eastern_group_not_their_regions_group():
    eastern = ClusterGroup.objects.get(code="eastern")
    southern = ClusterGroup.objects.get(code="southern")
    eastern_names = set(eastern.municipalities.values_list("name", flat=True))
    assert {"Përmet", "Skrapar", "Korçë", "Pogradec"} <= eastern_names
    southern_names = set(southern.municipalities.values_list("name", flat=True))
    assert "Përmet" not in southern_names
    assert {"Gjirokastër", "Berat", "Vlorë", "Fier"} <= southern_names


def test_loading_twice_changes_nothing():
    before = list(Municipality.objects.values_list("code", "name", "region__code"))
    call_command("load_geography", verbosity=0)
    assert list(Municipality.objects.values_list("code", "name", "region__code")) == before


def test_names_follow_the_active_language(settings):
    tirane = Region.objects.get(code="AL-11")
    from django.utils import translation

    with translation.override("sq"):
        assert str(tirane) == "Tiranë"
    with translation.override("en"):
        assert str(tirane) == "Tirana"


def test_a_file_naming_an_unknown_region_is_refused_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "regions": [{"code": "XX-01", "abbreviation": "XA", "name": "Nowhere"}],
                "municipalities": [{"code": "XX999", "region": "XX-02", "name": "Lost"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="unknown region XX-02"):
        call_command("load_geography", str(bad))
    assert not Region.objects.filter(code="XX-01").exists()


def test_another_country_loads_from_its_own_file(tmp_path: Path):
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "regions": [{"code": "XK-01", "abbreviation": "PR", "name": "Prishtinë"}],
                "municipalities": [{"code": "XK001", "region": "XK-01", "name": "Prishtinë"}],
                "cluster_groups": [],
            }
        ),
        encoding="utf-8",
    )
    result = geography_load(path=other)
    assert result.regions == 1
    assert Municipality.objects.get(code="XK001").region.code == "XK-01"


def test_the_kept_form_choices_follow_a_new_file(tmp_path: Path, django_assert_num_queries):
    """The case filter's places are read once, then kept; loading a file forgets them."""
    from django.utils import translation

    from tryeza.geography.choices import municipality_choices, region_choices

    with translation.override("sq"):
        assert ("AL-03", "Elbasan") in region_choices()
        municipality_choices()
        with django_assert_num_queries(0):
            assert ("AL-03", "Elbasan") in region_choices()
            municipality_choices()
    other = tmp_path / "renamed.json"
    other.write_text(
        json.dumps(
            {
                "regions": [{"code": "AL-03", "abbreviation": "EL", "name": "Elbasani"}],
                "municipalities": [{"code": "XK001", "region": "AL-03", "name": "Fshati i Ri"}],
            }
        ),
        encoding="utf-8",
    )
    geography_load(path=other)
    with translation.override("sq"):
        assert ("AL-03", "Elbasani") in region_choices()
        assert ("XK001", "Fshati i Ri") in municipality_choices()
