"""Regions and centres loaded from the country file: idempotent, reports what changed, deletes nothing;
and a second country (Peru, in soles) boots and shows its money and its regions."""

import pytest
from sqlalchemy import select

from learner.common.country import COUNTRIES_DIR
from learner.extensions import db
from learner.models import Centre, Region, Role
from tests.conftest import login


def run(app, *args):
    return app.test_cli_runner().invoke(args=["geography", "load", *args])


def test_loading_twice_changes_nothing_the_second_time(app):
    first = run(app)
    assert first.exit_code == 0 and first.output.count("region added") == 9
    second = run(app)
    assert second.exit_code == 0 and "region added" not in second.output and "0 changes" in second.output
    assert db.session.scalar(select(db.func.count(Region.id))) == 9


def test_a_region_missing_from_the_file_is_kept_and_reported(app):
    db.session.add(Region(name="Chuquisaca rural"))
    db.session.commit()
    result = run(app)
    assert "region kept, not in the file: Chuquisaca rural" in result.output
    assert db.session.scalar(select(Region).where(Region.name == "Chuquisaca rural")) is not None


def test_a_broken_file_is_a_clear_error(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: [\n", encoding="utf-8")
    result = run(app, "--file", str(bad))
    assert result.exit_code != 0 and "bad.yaml" in result.output


@pytest.mark.config(COUNTRY_FILE=str(COUNTRIES_DIR / "pe.yaml"))
def test_a_second_country_by_configuration(app, client, make_user):
    assert run(app).exit_code == 0
    assert db.session.scalar(select(Centre).where(Centre.name == "Centro Lima Norte")) is not None
    data = client.get("/datos").get_data(as_text=True)
    assert "S/\u00a010.00 por GB" in data and 'data-currency="PEN"' in data and 'data-money-locale="es-PE"' in data
    manifest = client.get("/api/modules/conectate/offline").json
    assert (manifest["currency"], manifest["price_per_gb"]) == ("PEN", 10.0)
    assert client.get("/manifest.webmanifest").json["lang"] == "es-PE"
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0  # a call at two Peruvian centres
    login(client, make_user(role=Role.COORDINATOR))
    report = client.get("/programme/reports/").get_data(as_text=True)
    assert all(region in report for region in ("Arequipa", "Cusco", "Lima", "Puno"))
    assert "Potosí" not in report


@pytest.mark.config(PRICE_PER_GB=12.5)
def test_the_price_is_set_per_deployment(client):
    assert "Bs\u00a012,50 por GB" in client.get("/datos").get_data(as_text=True)
