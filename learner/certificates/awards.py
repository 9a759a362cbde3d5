"""Certificates: who has completed a module, awarding once, the scholarship unlock, revoking.

Callers pass the user, catalog and settings; nothing here reads the request. The caller commits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learner.learning.catalog import Catalog, Module
from learner.extensions import db
from learner.models import (
    Centre,
    Certificate,
    Cohort,
    Enrolment,
    LessonCompletion,
    ModuleGrant,
    QuizAttempt,
    Role,
    User,
)
from learner.common.codes import ALPHABET
from learner.common.timeutil import utcnow

CODE_LENGTH = 16  # 31 ** 16 ≈ 7e23 codes: guessing one is not practical
# A locked module -> the module whose certificate opens it (the case study's scholarship).
DEFAULT_UNLOCKS: Mapping[str, str] = {"emprendimiento": "conectate"}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed or a link carried -> a stored code, or "" if it cannot be one."""
    clean = "".join(c for c in str(text).upper() if c.isalnum())
    return clean if len(clean) == CODE_LENGTH and all(c in ALPHABET for c in clean) else ""


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def find(code: str) -> Certificate | None:
    clean = normalise_code(code)
    return db.session.scalar(select(Certificate).where(Certificate.code == clean)) if clean else None


def completed_modules(user_id: int, catalog: Catalog, pass_ratio: float) -> set[str]:
    """Modules with every lesson done and every quiz passed (best score >= pass_ratio)."""
    ids = [lesson.id for module in catalog.modules for lesson in module.lessons]
    done = set(db.session.scalars(select(LessonCompletion.lesson_id).distinct().where(
        LessonCompletion.user_id == user_id, LessonCompletion.lesson_id.in_(ids))))
    # The same rule as grading.passes, in whole numbers so floating point cannot tip it.
    per_mille = round(pass_ratio * 1000)
    passed = set(db.session.scalars(select(QuizAttempt.quiz_id).distinct().where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_id.in_(ids),
        QuizAttempt.score * 1000 >= per_mille * QuizAttempt.max_score)))
    return {m.slug for m in catalog.modules
            if all(lesson.id in done and lesson.id in passed for lesson in m.lessons)}


def learner_centre(user_id: int) -> Centre | None:
    """The centre of her most recent active enrolment, if any."""
    return db.session.scalar(
        select(Centre).join(Cohort, Cohort.centre_id == Centre.id)
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Enrolment.user_id == user_id, Enrolment.status == "active")
        .order_by(Enrolment.created_at.desc(), Enrolment.id.desc()).limit(1))


def _valid_certificates(user_id: int) -> set[str]:
    return set(db.session.scalars(select(Certificate.module_slug).where(
        Certificate.user_id == user_id, Certificate.revoked_at.is_(None))))


def _granted(user_id: int) -> set[str]:
    return set(db.session.scalars(select(ModuleGrant.module_slug).where(
        ModuleGrant.user_id == user_id)))


def is_unlocked(user: User | None, module_slug: str,
                unlocks: Mapping[str, str] = DEFAULT_UNLOCKS) -> bool:
    """May this person use the module? Locked ones open with a certificate or a grant; staff
    always see them. Display only: results for a locked module are still stored (offline)."""
    prerequisite = unlocks.get(module_slug)
    if prerequisite is None:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role != Role.LEARNER.value:
        return True
    return prerequisite in _valid_certificates(user.id) or module_slug in _granted(user.id)


def unlocked_modules(user: User, catalog: Catalog,
                     unlocks: Mapping[str, str] = DEFAULT_UNLOCKS) -> list[str]:
    return [m.slug for m in catalog.modules if is_unlocked(user, m.slug, unlocks)]


def _issue(user: User, module: Module, centre: Centre | None) -> Certificate | None:
    """Insert her certificate for the module once; None if another request just did."""
    for _ in range(5):
        cert = Certificate(code=new_code(), user_id=user.id, module_slug=module.slug,
                           module_title=module.title, learner_name=user.name, hours=module.hours,
                           centre_id=centre.id if centre else None,
                           centre_name=centre.name if centre else "", issued_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(cert)
        except IntegrityError:
            exists = db.session.scalar(select(Certificate.id).where(
                Certificate.user_id == user.id, Certificate.module_slug == module.slug))
            if exists:
                return None
            continue  # the random code was taken: draw another
        return cert
    raise RuntimeError("could not store the certificate")


def award_if_complete(user: User, catalog: Catalog, pass_ratio: float,
                      unlocks: Mapping[str, str] = DEFAULT_UNLOCKS) -> list[Certificate]:
    """Issue a certificate for every module she completed and does not hold one for yet.
    A locked module is certified once it is open; opening it may come from a certificate
    issued in this same call, hence the loop until nothing new is issued."""
    held = set(db.session.scalars(select(Certificate.module_slug).where(
        Certificate.user_id == user.id)))  # revoked ones too: revoked is never re-issued
    complete = completed_modules(user.id, catalog, pass_ratio) - held
    if not complete:
        return []
    valid, granted = _valid_certificates(user.id), _granted(user.id)
    centre, issued = learner_centre(user.id), []
    progress = True
    while progress:
        progress = False
        for module in catalog.modules:
            prerequisite = unlocks.get(module.slug)
            if module.slug not in complete or module.slug in held or not (
                    prerequisite is None or prerequisite in valid or module.slug in granted):
                continue
            held.add(module.slug)
            cert = _issue(user, module, centre)
            if cert:
                issued.append(cert)
                valid.add(module.slug)
                progress = True
    return issued


def award_for_learners(progressed: Mapping[int, set[str]], catalog: Catalog, pass_ratio: float,
                       unlocks: Mapping[str, str] = DEFAULT_UNLOCKS) -> list[Certificate]:
    """After a sync: progressed maps each learner to the modules where she just progressed.
    One query finds whom that can concern (a module she holds no certificate for); only for them
    is completion checked, and only a learner with a complete module is loaded and awarded."""
    if not progressed:
        return []
    held: dict[int, set[str]] = {}
    for user_id, slug in db.session.execute(select(Certificate.user_id, Certificate.module_slug)
                                            .where(Certificate.user_id.in_(list(progressed)))):
        held.setdefault(user_id, set()).add(slug)
    issued = []
    for user_id, modules in progressed.items():
        mine = held.get(user_id, set())
        if modules - mine and completed_modules(user_id, catalog, pass_ratio) - mine:
            issued += award_if_complete(db.session.get(User, user_id), catalog, pass_ratio, unlocks)
    return issued


def of_learner(user: User) -> list[Certificate]:
    """Her certificates, oldest first."""
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)
                                   .order_by(Certificate.issued_at)))


def grant_module(user: User, module_slug: str, granted_by: User) -> ModuleGrant:
    """Open a locked module for her (idempotent)."""
    grant = db.session.scalar(select(ModuleGrant).where(
        ModuleGrant.user_id == user.id, ModuleGrant.module_slug == module_slug))
    if grant is None:
        grant = ModuleGrant(user_id=user.id, module_slug=module_slug, granted_by_id=granted_by.id)
        db.session.add(grant)
        db.session.flush()
    return grant


def revoke(cert: Certificate, reason: str, revoked_by: User) -> None:
    """Mark it revoked with a reason; it stays on record so verification can say so."""
    if cert.revoked_at is None:
        cert.revoked_at = utcnow()
        cert.revoke_reason = reason.strip()[:300]
        cert.revoked_by_id = revoked_by.id


def facts(cert: Certificate) -> dict:
    """What the QR code states (the signing key id is added when signing)."""
    return {"c": cert.code, "n": cert.learner_name, "m": cert.module_title,
            "d": cert.issued_at.date().isoformat()}
