"""English is a complete second locale: every UI string of the Spanish source is translated."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_the_english_catalogue_covers_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    source = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot.open("rb")) if m.id}
    english = read_po((ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in english
                  if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))
                  and not m.fuzzy}
    assert sorted(source - translated) == []


def test_translations_keep_their_placeholders():
    english = read_po((ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb"))
    for message in english:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | set(PLACEHOLDER.findall(ids[0])), message.id


def test_pages_render_in_english(client):
    client.get("/locale/en")
    page = client.get("/modules/conectate").get_data(as_text=True)
    assert '<html lang="en">' in page and "Download to use without internet" in page
    login = client.get("/login").get_data(as_text=True).split("<main")[1]
    assert "Your email address" in login and "Entrar" not in login
