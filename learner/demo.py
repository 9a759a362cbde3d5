"""Demo data for a first run: the nine regions, centres, a cohort and three accounts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from werkzeug.security import check_password_hash

from learner.common.country import Country
from learner.accounts.users import create_user, find_by_email
from learner.extensions import db
from learner.models import Centre, Cohort, Enrolment, Region, Role
from learner.programme.calls import ensure_demo_call

DEMO_ACCOUNTS = (
    ("Rosa Mamani", "participante@demo.bo", Role.LEARNER),
    ("Carmen Quispe", "facilitadora@demo.bo", Role.TRAINER),
    ("Ana Flores", "coordinadora@demo.bo", Role.COORDINATOR),
)


def ensure_regions(names: Iterable[str]) -> dict[str, Region]:
    existing = {r.name: r for r in db.session.scalars(select(Region))}
    for name in names:
        if name not in existing:
            existing[name] = Region(name=name)
            db.session.add(existing[name])
    db.session.flush()
    return existing


def ensure_centre(region: Region, name: str) -> Centre:
    centre = db.session.scalar(select(Centre).where(Centre.region_id == region.id, Centre.name == name))
    if centre is None:
        centre = Centre(region=region, name=name)
        db.session.add(centre)
        db.session.flush()
    return centre


def create_demo(password: str, country: Country) -> list[str]:
    """Demo accounts at two centres of the country's first regions (Bolivia: El Alto, Cochabamba)."""
    regions = ensure_regions(r.name for r in country.regions)
    first, second = (("El Alto", "Cochabamba") if country.code == "BO"
                     else tuple(r.name for r in country.regions[:2]))
    centre = ensure_centre(regions[first], f"Centro {first} Norte")
    other = ensure_centre(regions[second], f"Centro {second} Sur")
    users = {}
    for name, email, role in DEMO_ACCOUNTS:
        users[role] = find_by_email(email) or create_user(name, email, password, role=role)
    cohort = db.session.scalar(select(Cohort).where(Cohort.centre_id == centre.id))
    if cohort is None:
        cohort = Cohort(name="Grupo 1 (mañanas)", centre=centre, trainer=users[Role.TRAINER])
        db.session.add(cohort)
        db.session.flush()
    learner = users[Role.LEARNER]
    if not db.session.scalar(select(Enrolment).where(Enrolment.user_id == learner.id)):
        db.session.add(Enrolment(user=learner, cohort=cohort))
    db.session.commit()
    ensure_demo_call([(centre.id, 500, "Lunes a viernes de 9:00 a 12:00, sala de computación"),
                      (other.id, 30, "Sábados de 10:00 a 12:00")], country.today())
    return [f"{role.value:12} {email}  /  {password}" for _name, email, role in DEMO_ACCOUNTS]


def accounts_with_password(password: str) -> list[str]:
    """The demo e-mails that still exist and still open with the demo password."""
    return [email for _name, email, _role in DEMO_ACCOUNTS
            if (user := find_by_email(email)) and check_password_hash(user.password_hash, password)]
