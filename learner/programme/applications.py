"""Applying for a scholarship: the scoring rules, duplicates, the application itself.

Calls and places: scholarship_calls.py. Awarding and the waitlist: scholarship_awards.py.
Activation codes: activation_codes.py."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from learner.extensions import db
from learner.common.names import name_key
from learner.models import Application, ApplicationStatus, CallCentre, ScholarshipCall
from learner.common.codes import ALPHABET
from learner.programme.calls import call_centre, places_left
from learner.common.timeutil import utcnow
from learner.common.codes import normalise_phone, normalise_reference  # noqa: F401 - part of this module's interface

# The scoring rules (docs/scholarships.md explains them). Override any key with the
# SCHOLARSHIP_RULES setting; the view passes the merged dict to score_application.
DEFAULT_RULES: dict = {
    # Commitment: hours a week she can give. The first row whose minimum she reaches counts.
    "hours_points": [[5, 50], [2, 30], [0, 10]],
    # Basic internet knowledge: points for each self-check question answered right (3 questions).
    "self_check_points": 10,
    # She has an e-mail account (the course needs one). Given again when staff add it later.
    "email_points": 20,
    # Flags for staff, no points: below these she may need support to meet the course goals.
    "flag_hours_below": 2,
    "flag_self_check_below": 2,
}

# The self-check's right answers; the questions' wording is in programme_forms.py.
SELF_CHECK_ANSWERS = {"search": "search_engine", "whatsapp": "internet", "prize": "ignore"}
OPEN_STATUSES = (ApplicationStatus.SUBMITTED.value, ApplicationStatus.WAITLISTED.value)


class ApplyRefused(Exception):
    """reason: closed (outside the period), centre (not in this call), invalid."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ApplicationData:
    submission_id: str
    centre_id: int
    name: str
    email: str | None
    phone: str  # already normalised
    for_whom: str
    applicant_name: str | None
    family_relation: str | None
    hours_per_week: int
    connection: str
    self_check: dict


@dataclass(frozen=True)
class ApplyOutcome:
    status: str  # created | resent | duplicate
    application: Application | None
    duplicate_of: str | None = None  # email | phone (the same phone and the same name)


def rules(overrides: dict | None = None) -> dict:
    return {**DEFAULT_RULES, **(overrides or {})}


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def self_check_right(answers: dict) -> int:
    return sum(answers.get(q) == right for q, right in SELF_CHECK_ANSWERS.items())


def score_application(hours: int, answers: dict, has_email: bool, connection: str,
                      config: dict) -> tuple[int, list[str]]:
    """Points by the rules, and the flags staff should see."""
    hours_points = next((points for minimum, points in config["hours_points"] if hours >= minimum), 0)
    right = self_check_right(answers)
    total = hours_points + right * config["self_check_points"]
    total += config["email_points"] if has_email else 0
    flags = []
    if not has_email:
        flags.append("no_email")
    if hours < config["flag_hours_below"]:
        flags.append("few_hours")
    if right < config["flag_self_check_below"]:
        flags.append("low_self_check")
    if connection != "own_phone":
        flags.append("no_own_phone")
    return total, flags


def rescore(application: Application, config: dict) -> None:
    application.score, application.flags = score_application(
        application.hours_per_week, application.self_check, application.email is not None,
        application.connection, config)


def find_duplicate(call_id: int, email: str | None, phone: str, name: str) -> str | None:
    """Whether she already applied in this call: 'email' (same e-mail), 'phone' (same phone
    and same name), or None. A family member sharing the phone is not a duplicate."""
    same_person = (Application.phone == phone) & (Application.name_key == name_key(name))
    clash = or_(same_person, Application.email == email) if email else same_person
    other = db.session.scalar(select(Application).where(Application.call_id == call_id, clash).limit(1))
    if other is None:
        return None
    return "email" if email and other.email == email else "phone"


def sharing_phone(call_id: int, phone: str) -> str | None:
    """The reference of the first application of the call with this phone, for staff to see."""
    return db.session.scalar(select(Application.reference).where(
        Application.call_id == call_id, Application.phone == phone)
        .order_by(Application.id).limit(1))


def email_taken(call_id: int, email: str) -> bool:
    return db.session.scalar(select(Application.id).where(
        Application.call_id == call_id, Application.email == email).limit(1)) is not None


def status_on_arrival(place: CallCentre, has_email: bool) -> str:
    if not has_email:
        return ApplicationStatus.NEEDS_EMAIL.value
    # Places already gone: she joins the waitlist at once, in score order.
    return ApplicationStatus.WAITLISTED.value if places_left(place) <= 0 else \
        ApplicationStatus.SUBMITTED.value


def _build(call: ScholarshipCall, data: ApplicationData, place: CallCentre, config: dict) -> Application:
    application = Application(
        submission_id=data.submission_id, call_id=call.id, centre_id=place.centre_id,
        name=data.name.strip(), email=data.email, phone=data.phone, for_whom=data.for_whom,
        applicant_name=data.applicant_name, family_relation=data.family_relation,
        hours_per_week=data.hours_per_week, connection=data.connection,
        self_check=dict(data.self_check), pledged_at=utcnow(),
        status=status_on_arrival(place, data.email is not None))
    rescore(application, config)
    return application


def by_submission_id(submission_id: str) -> Application | None:
    return db.session.scalar(select(Application).where(Application.submission_id == submission_id))


def apply(call: ScholarshipCall, data: ApplicationData, config: dict, today: date) -> ApplyOutcome:
    """Store her application once: a resent form is the same one, a duplicate is explained."""
    earlier = by_submission_id(data.submission_id)
    if earlier is not None:
        if earlier.call_id != call.id:
            raise ApplyRefused("invalid")
        return ApplyOutcome("resent", earlier)
    if not call.is_open(today):
        raise ApplyRefused("closed")
    place = call_centre(call.id, data.centre_id)
    if place is None:
        raise ApplyRefused("centre")
    for _ in range(5):  # a reference collision is rare: retry with a new code
        clash = find_duplicate(call.id, data.email, data.phone, data.name)
        if clash:
            return ApplyOutcome("duplicate", None, clash)
        application = _build(call, data, place, config)
        application.shares_phone_with = sharing_phone(call.id, data.phone)
        application.reference = new_reference()
        try:
            with db.session.begin_nested():
                db.session.add(application)
        except IntegrityError:
            earlier = by_submission_id(data.submission_id)  # the same form, sent twice at once
            if earlier is not None:
                return ApplyOutcome("resent", earlier)
            continue  # a duplicate that raced this one is found above; else the reference
        db.session.commit()
        return ApplyOutcome("created", application)
    raise RuntimeError("could not store the application")
