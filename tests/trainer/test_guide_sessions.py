"""A trainer guide with its sessions as front matter: the page and the handouts do not show them."""

from __future__ import annotations

from learner.learning.catalog import load_catalog
from tests.conftest import login
from tests.unit.content_factory import write_module


def test_guide_front_matter_is_data_not_text(app, client, world, tmp_path):
    write_module(tmp_path)
    app.extensions["catalog"] = load_catalog(tmp_path)
    login(client, world.trainer_b)
    for url in ("/trainer/guides/uno", "/trainer/guides/uno?only=handouts"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "sessions" not in body and "Sesión 1" not in body and "minutes: 90" not in body
    assert "Guía para la facilitadora" in client.get("/trainer/guides/uno").get_data(as_text=True)
