"""Scholarship calls: the period, the places per centre and what is left of them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from learner.extensions import db
from learner.models import Application, ApplicationStatus, CallCentre, ScholarshipCall

def call_centre(call_id: int, centre_id: int) -> CallCentre | None:
    return db.session.scalar(select(CallCentre).where(
        CallCentre.call_id == call_id, CallCentre.centre_id == centre_id))


def awarded_count(call_id: int, centre_id: int) -> int:
    return db.session.scalar(select(func.count(Application.id)).where(
        Application.call_id == call_id, Application.centre_id == centre_id,
        Application.status == ApplicationStatus.AWARDED.value)) or 0


def places_left(place: CallCentre) -> int:
    return max(0, place.places - awarded_count(place.call_id, place.centre_id))


def open_calls(today: date) -> list[ScholarshipCall]:
    return list(db.session.scalars(select(ScholarshipCall).where(
        ScholarshipCall.opens_on <= today, ScholarshipCall.closes_on >= today)
        .order_by(ScholarshipCall.closes_on, ScholarshipCall.id)))


def waitlist_rest(call_id: int, centre_id: int) -> None:
    """No places left: everyone still waiting for review joins the waitlist."""
    db.session.execute(update(Application).where(
        Application.call_id == call_id, Application.centre_id == centre_id,
        Application.status == ApplicationStatus.SUBMITTED.value)
        .values(status=ApplicationStatus.WAITLISTED.value))


class CallRefused(Exception):
    """reason: name (taken), in_use (a centre with applications left out), below_awarded."""

    def __init__(self, reason: str, centre_id: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.centre_id = centre_id


def _has_applications(call_id: int, centre_id: int) -> bool:
    return db.session.scalar(select(Application.id).where(
        Application.call_id == call_id, Application.centre_id == centre_id).limit(1)) is not None


def save_call(call: ScholarshipCall | None, name: str, opens_on: date, closes_on: date,
              places: dict[int, tuple[int, str]]) -> ScholarshipCall:
    """Create or change a call; places: centre id -> (places, where/when she gets e-mail help)."""
    try:
        call = call or ScholarshipCall()
        call.name, call.opens_on, call.closes_on = name.strip(), opens_on, closes_on
        db.session.add(call)
        db.session.flush()
        # Locked like an award, so places cannot drop below what is being awarded right now.
        existing = {p.centre_id: p for p in db.session.scalars(
            select(CallCentre).where(CallCentre.call_id == call.id).with_for_update())}
        for centre_id, place in existing.items():
            if centre_id not in places:
                if _has_applications(call.id, centre_id):
                    raise CallRefused("in_use", centre_id)
                db.session.delete(place)
        for centre_id, (count, help_text) in places.items():
            if count < awarded_count(call.id, centre_id):
                raise CallRefused("below_awarded", centre_id)
            place = existing.get(centre_id) or CallCentre(call_id=call.id, centre_id=centre_id)
            place.places, place.email_help = count, help_text
            db.session.add(place)
            db.session.flush()
            if places_left(place) <= 0:
                waitlist_rest(call.id, centre_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise CallRefused("name") from None
    except CallRefused:
        db.session.rollback()
        raise
    return call


DEMO_CALL = "Convocatoria de demostración"


def ensure_demo_call(places: list[tuple[int, int, str]], today: date) -> ScholarshipCall:
    """Demo data: one open call with places at the given centres (centre id, places, e-mail help)."""
    call = db.session.scalar(select(ScholarshipCall).where(ScholarshipCall.name == DEMO_CALL))
    if call is None:
        return save_call(None, DEMO_CALL, today - timedelta(days=1), today + timedelta(days=60),
                         {centre_id: (count, help_text) for centre_id, count, help_text in places})
    if call.closes_on < today:  # a demo database from long ago: open it again
        call.closes_on = today + timedelta(days=60)
        db.session.commit()
    return call
