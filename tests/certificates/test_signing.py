"""The signed QR payload and the keys behind it."""

import json
import stat

from learner.certificates.signing import (
    b64url,
    load_keyring,
    rotate,
    sign_facts,
    unb64url,
    verify_payload,
)

FACTS = {"c": "ABCDEFGHJKMNPQRS", "n": "Rosa Mamani", "m": "Conéctate", "d": "2026-05-14"}


def ring_in(folder):
    return load_keyring(folder / "signing.pem", folder / "retired")


def test_a_signed_payload_verifies_and_carries_the_facts_and_key_id(tmp_path):
    ring = ring_in(tmp_path)
    facts = verify_payload(sign_facts(FACTS, ring), ring.public)
    assert facts == {**FACTS, "k": ring.current}


def test_a_changed_name_or_signature_or_unknown_key_fails(tmp_path):
    ring = ring_in(tmp_path)
    body, signature = sign_facts(FACTS, ring).split(".")
    forged = json.loads(unb64url(body)) | {"n": "Otra Persona"}
    forged_body = b64url(json.dumps(forged, ensure_ascii=False, separators=(",", ":")).encode())
    assert verify_payload(f"{forged_body}.{signature}", ring.public) is None
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert verify_payload(f"{body}.{flipped}", ring.public) is None
    other = ring_in(tmp_path / "other")
    assert verify_payload(f"{body}.{signature}", other.public) is None


def test_garbage_is_not_valid(tmp_path):
    ring = ring_in(tmp_path)
    for junk in ["", ".", "a.b.c", "%%%.***", "e30.AAAA", "x" * 5000, None, 42]:
        assert verify_payload(junk, ring.public) is None


def test_the_key_is_generated_once_readable_by_its_owner_only(tmp_path):
    first, second = ring_in(tmp_path), ring_in(tmp_path)
    assert first.current == second.current
    mode = stat.S_IMODE((tmp_path / "signing.pem").stat().st_mode)
    assert mode == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_after_rotation_old_certificates_still_verify_and_new_ones_use_the_new_key(tmp_path):
    old_ring = ring_in(tmp_path)
    old_payload = sign_facts(FACTS, old_ring)
    old_id, new_id = rotate(tmp_path / "signing.pem", tmp_path / "retired")
    new_ring = ring_in(tmp_path)
    assert old_id == old_ring.current and new_id == new_ring.current != old_id
    assert set(new_ring.public) == {old_id, new_id}
    assert verify_payload(old_payload, new_ring.public)["k"] == old_id
    assert verify_payload(sign_facts(FACTS, new_ring), new_ring.public)["k"] == new_id
    assert "PRIVATE" not in (tmp_path / "retired" / f"{old_id}.pem").read_text()


def test_the_cli_prints_the_keys_and_rotates_them(app, signing_keys):
    runner = app.test_cli_runner()
    before = runner.invoke(args=["certificates", "key-info"])
    assert before.exit_code == 0 and "(current)" in before.output
    rotated = runner.invoke(args=["certificates", "rotate-key", "--yes"])
    assert rotated.exit_code == 0 and "retired" in rotated.output
    after = runner.invoke(args=["certificates", "key-info"]).output
    assert after.count("\n") == before.output.count("\n") + 1  # the old key is still listed
    assert len(list((signing_keys / "retired").glob("*.pem"))) == 1
