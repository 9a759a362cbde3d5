"""Applications queued in the phone's outbox (DESIGN §3.4): the same envelope and per-item
results as the sync contract, checked by the HTML form's rules and stored by the same
scholarships.apply. No token: whoever applies has no account yet."""

from __future__ import annotations

import logging
from datetime import date

from werkzeug.datastructures import MultiDict

from learner.programme import applications as scholarships
from learner.learning import sync
from learner.extensions import db
from learner.models import Application, ScholarshipCall
from learner.common.names import name_key
from learner.programme.forms import ApplicationForm

log = logging.getLogger(__name__)
ITEM_TYPE = "application"
MAX_FIELD_CHARS = 300  # the longest field (e-mail) is 254; anything longer is not from the form


def rejected(item_id: str, reason: str, **extra) -> dict:
    # Nothing an applicant sends here gets better by waiting: every refusal is final.
    return {**sync.rejected(item_id, reason, retry=False), **extra}


def _formdata(fields: object) -> MultiDict | None:
    """The item's fields as the HTML form posts them (a ticked box is "y"), or None."""
    if not isinstance(fields, dict) or len(fields) > 40:
        return None
    data = MultiDict()
    for name, value in fields.items():
        if isinstance(value, bool):
            if value:
                data[name] = "y"
        elif isinstance(value, str | int) and len(str(value)) <= MAX_FIELD_CHARS:
            data[name] = str(value)
        elif value is not None:
            return None
    return data


def _same_application(item: dict, earlier: Application) -> bool:
    """Whether a resent item is the application stored under its id: the same call, phone and
    name (staff may have added an e-mail since: not that). Read from the raw fields, as the
    form's rules may have changed since it was stored."""
    fields = item.get("fields") if isinstance(item.get("fields"), dict) else {}
    phone, name = fields.get("phone"), fields.get("name")
    if item.get("call") != earlier.call_id or not isinstance(phone, str) or not isinstance(name, str):
        return False
    return (earlier.phone, earlier.name_key) == (scholarships.normalise_phone(phone), name_key(name))


def _resent(item: dict, earlier: Application, device: str) -> dict:
    """A lost answer sent again (duplicate: success), or another body under a stored id."""
    if _same_application(item, earlier):
        return {"id": item["id"], "status": "duplicate", "receipt": earlier.reference,
                "state": earlier.status}
    # Ids only: the resent body is someone's personal data.
    log.warning("application conflict: item %s from device %s sent again with another body",
                item["id"], device)
    return rejected(item["id"], "conflict")


def accept_item(item: dict, device: str, config: dict, today: date) -> dict:
    """Store one queued application once; the answer the phone keeps (its reference).
    The id is looked up before the form's rules: a stored application stays stored."""
    item_id = item["id"]
    if sync.has_nul(item):  # PostgreSQL cannot store it; refused for good, not resent forever
        return rejected(item_id, "invalid_item")
    earlier = scholarships.by_submission_id(item_id)
    if earlier is not None:
        return _resent(item, earlier, device)
    call_id = item.get("call")
    valid_id = type(call_id) is int and 0 < call_id < 2**31  # bool is not an id; nor is 2**70
    call = db.session.get(ScholarshipCall, call_id) if valid_id else None
    if call is None:
        return rejected(item_id, "unknown_call")
    formdata = _formdata(item.get("fields"))
    if formdata is None:
        return rejected(item_id, "invalid_item")
    formdata["submission_id"] = item_id
    form = ApplicationForm(formdata=formdata, meta={"csrf": False})
    form.offer(call)
    if not form.validate():
        return rejected(item_id, "invalid_item",
                        errors={name: [str(e) for e in errs] for name, errs in form.errors.items()})
    try:
        outcome = scholarships.apply(call, form.to_data(), config, today)
    except scholarships.ApplyRefused as refused:
        return rejected(item_id, "closed" if refused.reason == "closed" else "invalid_item")
    if outcome.status == "duplicate":
        return rejected(item_id, "already_applied", field=outcome.duplicate_of)
    if outcome.status == "resent":  # the same id stored by another request meanwhile
        return _resent(item, outcome.application, device)
    return {"id": item_id, "status": "stored", "receipt": outcome.application.reference,
            "state": outcome.application.status}


def accept(device: str, items: list[dict], config: dict, today: date) -> list[dict]:
    """One result per item of a validated envelope, in order; each application is committed on
    its own."""
    return [accept_item(item, device, config, today) for item in items]
