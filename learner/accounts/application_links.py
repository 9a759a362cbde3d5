"""Which applications are hers: only a proven link (DESIGN 3.9), never a matching e-mail.

An award sets the link (it made her account, or linked the one she had); signed in, she can
prove one herself with its reference and the phone written in it. Export and deletion follow
the link; deleting her account deletes only what she filed for herself and proved with that
phone, and unlinks the rest (someone else's application stays with the programme)."""

from __future__ import annotations

from sqlalchemy import and_, delete, update

from learner.extensions import db
from learner.models import Application, ForWhom, User
from learner.common.codes import normalise_phone, normalise_reference

CREATED, EXISTING, REFERENCE = "created", "existing", "reference"


class LinkRefused(Exception):
    """No application of hers with that reference and phone (or one linked to someone else)."""


def link_by_reference(user: User, reference: str, phone: str) -> Application:
    """Link the application she filed for herself; flushes, the view commits."""
    clean, number = normalise_reference(reference), normalise_phone(phone)
    found = clean and number and db.session.scalar(db.select(Application).where(
        Application.reference == clean, Application.phone == number,
        Application.for_whom == ForWhom.SELF.value))
    if not found or found.user_id not in (None, user.id):
        raise LinkRefused()
    if found.user_id is None:
        found.user_id, found.user_link = user.id, REFERENCE
    db.session.flush()
    return found


def _filed_by_her(user: User):
    # For herself, and proven with the application's own phone (the award's code went to it,
    # or she typed it with the reference): an application that only named her e-mail is not.
    return and_(Application.user_id == user.id, Application.for_whom == ForWhom.SELF.value,
                Application.user_link.in_((CREATED, REFERENCE)))


def release(user: User) -> None:
    """Her account goes: delete what she filed herself, unlink the rest. No commit."""
    db.session.execute(delete(Application).where(_filed_by_her(user)))
    db.session.execute(update(Application).where(Application.user_id == user.id)
                       .values(user_id=None, user_link=None))
