"""The learner's path: home, module, lesson, quiz, result. Cached pages carry no personal data."""

from __future__ import annotations

import uuid

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from learner.learning.catalog import Catalog, Lesson, Module
from learner.common import metrics
from learner.extensions import db
from learner.accounts.forms import EmptyForm
from learner.learning.grading import grade
from learner.certificates import awards as certs
from learner.models import Certificate, QuizAttempt
from learner.learning.progress import learner_progress, record_attempt, record_completion
from learner.common.timeutil import utcnow
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("lessons", __name__)


def catalog() -> Catalog:
    return current_app.extensions["catalog"]


def find(module_slug: str, lesson_slug: str | None = None) -> tuple[Module, Lesson | None]:
    module = catalog().module(module_slug)
    lesson = module.lesson(lesson_slug) if module and lesson_slug else None
    if module is None or (lesson_slug and lesson is None):
        abort(404)
    return module, lesson


@bp.get("/")
@open_while_enrolling
def home():
    return render_template("lessons/home.html", modules=catalog().modules)


@bp.get("/modules/<module_slug>")
@open_while_enrolling
def module(module_slug: str):
    found, _lesson = find(module_slug)
    return render_template("lessons/module.html", module=found)


@bp.get("/modules/<module_slug>/lessons/<lesson_slug>")
@open_while_enrolling
def lesson(module_slug: str, lesson_slug: str):
    found, item = find(module_slug, lesson_slug)
    return render_template("lessons/lesson.html", module=found, lesson=item,
                           next_lesson=found.next_lesson(item), form=EmptyForm())


@bp.post("/modules/<module_slug>/lessons/<lesson_slug>/done")
@login_required
def mark_done(module_slug: str, lesson_slug: str):
    found, item = find(module_slug, lesson_slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    record_completion(item_id=request.form.get("item_id") or str(uuid.uuid4()), user=current_user,
                      lesson_id=item.id, version=found.version, completed_at=utcnow())
    issued = _award(current_user)
    db.session.commit()
    flash(_("Lección terminada. ¡Muy bien!"))
    _announce(issued)
    following = found.next_lesson(item)
    if following:
        return redirect(url_for(".lesson", module_slug=found.slug, lesson_slug=following.slug))
    return redirect(url_for(".module", module_slug=found.slug))


@bp.get("/modules/<module_slug>/lessons/<lesson_slug>/quiz")
@open_while_enrolling
def quiz(module_slug: str, lesson_slug: str):
    found, item = find(module_slug, lesson_slug)
    return render_template("lessons/quiz.html", module=found, lesson=item, form=EmptyForm(),
                           attempt_id=str(uuid.uuid4()))


def _form_answers(item: Lesson) -> dict:
    answers = {}
    for question in item.quiz.questions:
        given = request.form.getlist(question.id)
        if given:
            answers[question.id] = given if question.type == "multiple" else given[0]
    return answers


@bp.post("/modules/<module_slug>/lessons/<lesson_slug>/quiz")
@login_required
def submit_quiz(module_slug: str, lesson_slug: str):
    found, item = find(module_slug, lesson_slug)
    form = EmptyForm()
    answers = _form_answers(item)
    missing = [q for q in item.quiz.questions if q.id not in answers]
    if not form.validate_on_submit() or missing:
        message = _("Responde todas las preguntas.") if missing else _(
            "El formulario venció. Vuelve a intentarlo.")
        return render_template("lessons/quiz.html", module=found, lesson=item, form=form,
                               attempt_id=str(uuid.uuid4()), error=message,
                               chosen=answers), 400
    attempt_id = request.form.get("attempt_id", "")
    try:
        attempt_id = str(uuid.UUID(attempt_id))
    except ValueError:
        attempt_id = str(uuid.uuid4())
    outcome = record_attempt(item_id=attempt_id, user=current_user, quiz=item.quiz,
                             version=found.version, answers=answers, answered_at=utcnow(),
                             source="form", pass_ratio=current_app.config["PASS_RATIO"])
    if outcome.row is None or outcome.row.user_id != current_user.id:
        db.session.commit()  # the attempt another learner sent first stays hers
        abort(409)
    issued = _award(current_user)
    db.session.commit()
    _announce(issued)
    return redirect(url_for(".attempt", attempt_id=outcome.row.id))


@bp.get("/attempts/<attempt_id>")
@login_required
def attempt(attempt_id: str):
    row = db.session.scalar(select(QuizAttempt).where(QuizAttempt.id == attempt_id,
                                                      QuizAttempt.user_id == current_user.id))
    item = catalog().lesson(row.quiz_id) if row else None
    if row is None or item is None:
        abort(404)
    found = catalog().module(item.module)
    result = grade(item.quiz, row.answers, current_app.config["PASS_RATIO"])
    summary = learner_progress(current_user.id, catalog())[found.slug]["lessons"][item.id]["quiz"]
    return render_template("lessons/result.html", module=found, lesson=item, attempt=row,
                           result=result, summary=summary, next_lesson=found.next_lesson(item))


@bp.get("/progress")
@login_required
def progress():
    return render_template("lessons/progress.html", modules=catalog().modules,
                           progress=learner_progress(current_user.id, catalog()))


@bp.get("/content/<module_slug>/img/<path:filename>")
@open_while_enrolling
def illustration(module_slug: str, filename: str):
    found, _lesson = find(module_slug)
    return send_from_directory(found.directory / "img", filename, mimetype="image/svg+xml",
                               max_age=86400)


def _award(user) -> list[Certificate]:
    """A module may be complete now: its certificate is due (added, not committed)."""
    config = current_app.config
    return certs.award_if_complete(user, current_app.extensions["catalog"], config["PASS_RATIO"],
                                   config["CERTIFICATE_UNLOCKS"])


def _announce(issued: list[Certificate]) -> None:
    metrics.CERTIFICATES.inc(len(issued))
    for cert in issued:
        flash(Markup('{} <a href="{}">{}</a>').format(
            _("¡Felicidades! Ganaste tu certificado de %(module)s.", module=cert.module_title),
            url_for("certificates.show", code=cert.code), _("Ver certificado")))
