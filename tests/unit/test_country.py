"""The country as data: the file's checks, money in the local style, phone numbers, the local day."""

from pathlib import Path

import pytest

from learner.common.country import COUNTRIES_DIR, CountryError, load_country

BOLIVIA = load_country(COUNTRIES_DIR / "bo.yaml")
PERU = load_country(COUNTRIES_DIR / "pe.yaml")


def test_bolivia_has_the_programmes_nine_regions():
    assert [r.name for r in BOLIVIA.regions] == [
        "Beni", "Cochabamba", "El Alto", "Oruro", "Pando", "Potosí", "Santa Cruz", "Sucre", "Tarija"]
    assert (BOLIVIA.locale, BOLIVIA.currency_code, BOLIVIA.timezone) == ("es-BO", "BOB", "America/La_Paz")


def test_money_follows_the_country():
    assert BOLIVIA.money(1234.5) == "Bs\u00a01.234,50"
    assert PERU.money(1234.5) == "S/\u00a01,234.50"


@pytest.mark.parametrize(("country", "typed", "stored"), [
    (BOLIVIA, "712 34 567", "59171234567"), (BOLIVIA, "+591 6-123-4567", "59161234567"),
    (BOLIVIA, "59171234567", "59171234567"), (PERU, "987 654 321", "51987654321"),
    (PERU, "+51 987654321", "51987654321"),
])
def test_phone_numbers_are_stored_with_the_calling_code(country, typed, stored):
    assert country.phone.normalise(typed) == stored


@pytest.mark.parametrize(("country", "typed"), [
    (BOLIVIA, "81234567"), (BOLIVIA, "7123456"), (BOLIVIA, "987654321"), (PERU, "71234567"),
    (PERU, "+591 71234567"), (BOLIVIA, ""), (BOLIVIA, "abc"),
])
def test_other_numbers_are_refused(country, typed):
    assert country.phone.normalise(typed) is None


@pytest.mark.parametrize(("change", "field"), [
    ("code: BO", "code"), ("timezone: America/La_Paz", "timezone"), ("locale: es-BO", "locale"),
    ("  symbol: Bs", "currency.symbol"), ("price_per_gb: 50", "price_per_gb"),
])
def test_a_wrong_file_is_named_with_its_field(tmp_path: Path, change, field):
    text = (COUNTRIES_DIR / "bo.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "xx.yaml"
    replacement = {"timezone: America/La_Paz": "timezone: Mars/Olympus",
                   "locale: es-BO": "locale: zz-ZZ-x-nonsense-123"}.get(change, change.split(":")[0] + ": ")
    broken.write_text(text.replace(change, replacement), encoding="utf-8")
    with pytest.raises(CountryError) as error:
        load_country(broken)
    assert field.split(".")[-1] in str(error.value)


def test_a_region_listed_twice_is_refused(tmp_path):
    broken = tmp_path / "xx.yaml"
    broken.write_text((COUNTRIES_DIR / "bo.yaml").read_text(encoding="utf-8") + "  - name: Beni\n",
                      encoding="utf-8")
    with pytest.raises(CountryError, match="twice"):
        load_country(broken)
