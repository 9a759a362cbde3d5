"""The programme's country as data: regions and centres, currency, price of mobile data, phone
numbers, locale and time zone. Loaded from a YAML file (learner/countries/), so a second country is
configuration, not code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

COUNTRIES_DIR = Path(__file__).parents[1] / "countries"
DEFAULT_FILE = COUNTRIES_DIR / "bo.yaml"


class CountryError(Exception):
    """A country file is wrong: names the file and the field."""

    def __init__(self, path: Path, field: str, message: str):
        super().__init__(f"{path}: {field}: {message}")


@dataclass(frozen=True)
class PhoneRule:
    calling_code: str  # digits, e.g. "591"
    national: str  # a regular expression for a mobile number without the calling code
    example: str  # how a number is written there, shown as a hint

    def normalise(self, text: str) -> str | None:
        """The number as calling code + national digits, or None: "7xx xx xxx", "+591 7…"."""
        digits = re.sub(r"[\s\-().+]", "", text or "")
        if digits.startswith(self.calling_code) and not re.fullmatch(self.national, digits):
            digits = digits[len(self.calling_code):]
        return self.calling_code + digits if re.fullmatch(self.national, digits) else None


@dataclass(frozen=True)
class Region:
    name: str
    centres: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    locale: str  # BCP 47, e.g. es-BO: <html lang>, numbers and money
    timezone: str
    currency_code: str  # ISO 4217, for the phone's Intl.NumberFormat
    currency_symbol: str
    price_per_gb: float  # default price of a GB of prepaid data, in the currency
    phone: PhoneRule
    regions: tuple[Region, ...]

    @property
    def babel_locale(self) -> str:
        return self.locale.replace("-", "_")

    def today(self) -> date:
        """The date where the programme runs (call periods are in local days)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    def money(self, amount: float) -> str:
        """"Bs 12,50" or "S/ 12.50": the symbol, a no-break space (as the phone's Intl writes it,
        and so they never part at a line end) and the local decimal style."""
        return f"{self.currency_symbol}\u00a0{format_decimal(amount, format='#,##0.00', locale=self.babel_locale)}"


def _need(data: dict, key: str, kind: type | tuple[type, ...], path: Path, where: str = ""):
    value = data.get(key)
    if (not isinstance(value, kind) or isinstance(value, bool)
            or (isinstance(value, str) and not value.strip())):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise CountryError(path, where + key, f"expected {names}")
    return value


def _regions(data: object, path: Path) -> tuple[Region, ...]:
    if not isinstance(data, list) or not data:
        raise CountryError(path, "regions", "expected a list of regions")
    found = []
    for index, item in enumerate(data):
        where = f"regions[{index}]."
        name = _need(item if isinstance(item, dict) else {}, "name", str, path, where)
        centres = item.get("centres") or []
        if not isinstance(centres, list) or not all(isinstance(c, str) and c.strip() for c in centres):
            raise CountryError(path, where + "centres", "expected a list of names")
        found.append(Region(name.strip(), tuple(c.strip() for c in centres)))
    names = [r.name for r in found]
    if len(set(names)) != len(names):
        raise CountryError(path, "regions", "a region is listed twice")
    return tuple(found)


def load_country(path: Path = DEFAULT_FILE) -> Country:
    """Read and check a country file; raise CountryError on the first problem."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CountryError(path, "file", str(error)) from error
    if not isinstance(data, dict):
        raise CountryError(path, "file", "expected a mapping")
    currency = _need(data, "currency", dict, path)
    phone = _need(data, "phone", dict, path)
    country = Country(
        code=_need(data, "code", str, path), name=_need(data, "name", str, path),
        locale=_need(data, "locale", str, path), timezone=_need(data, "timezone", str, path),
        currency_code=_need(currency, "code", str, path, "currency."),
        currency_symbol=_need(currency, "symbol", str, path, "currency."),
        price_per_gb=float(_need(data, "price_per_gb", (int, float), path)),
        phone=PhoneRule(str(_need(phone, "calling_code", (str, int), path, "phone.")),
                        _need(phone, "national", str, path, "phone."),
                        _need(phone, "example", str, path, "phone.")),
        regions=_regions(data.get("regions"), path))
    try:
        ZoneInfo(country.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CountryError(path, "timezone", "unknown time zone") from error
    try:
        Locale.parse(country.babel_locale)
        re.compile(country.phone.national)
    except (UnknownLocaleError, ValueError, re.error) as error:
        raise CountryError(path, "locale/phone.national", str(error)) from error
    return country
