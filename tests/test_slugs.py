"""Slugs: the one way ids are made from names."""

from __future__ import annotations

import pytest

from sozialraum.slugs import slugify
from sozialraum.towns import TOWN_ID_PATTERN, town_id_for


@pytest.mark.parametrize(
    ("text", "sep", "max_length", "slug"),
    [
        ("Hohe Lüft", "-", None, "hohe-lueft"),
        ("Saalfeld/Saale", "-", None, "saalfeld-saale"),
        ("  Straße  am Café ", "-", None, "strasse-am-cafe"),
        ("Öffentl. Verkehr (ÖV) 2021", "_", None, "oeffentl_verkehr_oev_2021"),
        ("q_übern_bev", "_", None, "q_uebern_bev"),
        ("Bad Hersfeld Nord", "-", 9, "bad-hersf"),
        ("Bad Hersfeld", "-", 4, "bad"),  # never ends on a separator
        ("???", "-", None, ""),
    ],
)
def test_slugify(text: str, sep: str, max_length: int | None, slug: str) -> None:
    assert slugify(text, sep, max_length) == slug


def test_town_id_from_the_name_unless_one_is_given() -> None:
    assert town_id_for("Bad Hersfeld") == "bad-hersfeld"
    assert town_id_for("Saalfeld/Saale", "  saalfeld ") == "saalfeld"
    long_name = "Neustadt an der Weinstraße und Umgebung im schönen Tal"
    made = town_id_for(long_name)
    assert made == "neustadt-an-der-weinstrasse-und-umgebung"
    assert TOWN_ID_PATTERN.match(made)
