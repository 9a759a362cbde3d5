"""Programme reports for coordinators: a table by region and centre, SVG bar charts drawn on
the server, and the same figures as CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learner.extensions import db
from learner.models import Role, ScholarshipCall
from learner.programme.reports import ProgrammeReport, figure_names, programme_report
from learner.views.charts import bar_chart
from learner.web.access import require_roles
from learner.common.timeutil import utcnow

bp = Blueprint("programme_reports", __name__, url_prefix="/programme/reports")
bp.before_request(require_roles(Role.COORDINATOR))

COLUMNS = {
    "places": _l("Plazas"), "applications": _l("Solicitudes"),
    "awarded_women": _l("Becas: mujeres"), "awarded_family": _l("Becas: familiares"),
    "waitlisted": _l("En lista de espera"), "needs_email": _l("Sin correo"),
    "active_7": _l("Activas en 7 días"), "active_30": _l("Activas en 30 días"),
    "lessons_completed": _l("Lecciones terminadas"), "quizzes_passed": _l("Cuestionarios aprobados"),
    "certificates": _l("Certificados"),
}
CHARTS = ("awards", "activity")


def _call() -> ScholarshipCall | None:
    wanted = request.args.get("call", type=int)
    if wanted is not None:
        if not 0 < wanted < 2**31:  # no such call, and too big for the database's integer
            abort(404)
        return db.get_or_404(ScholarshipCall, wanted)
    return db.session.scalar(select(ScholarshipCall).order_by(ScholarshipCall.opens_on.desc(),
                                                              ScholarshipCall.id.desc()).limit(1))


def _chart(report: ProgrammeReport, what: str) -> dict:
    if what == "awards":
        rows = [(r.name, [r.figures.awarded_women, r.figures.awarded_family]) for r in report.regions]
        series = [(_("Mujeres"), "#6a1b6e"), (_("Familiares"), "#c98bcc")]
        title = _("Becas asignadas por región")
    else:
        rows = [(r.name, [r.figures.active_7, r.figures.active_30 - r.figures.active_7])
                for r in report.regions]
        series = [(_("Últimos 7 días"), "#1b6e2c"), (_("8 a 30 días"), "#8cc79a")]
        title = _("Participantes activas por región (30 días)")
    return {"title": title, **bar_chart(rows, series)}


@bp.get("/")
def index():
    call = _call()
    calls = db.session.scalars(select(ScholarshipCall).order_by(ScholarshipCall.opens_on.desc())).all()
    report = programme_report(call.id, utcnow()) if call else None
    return render_template("programme/reports.html", call=call, calls=calls, report=report,
                           columns=COLUMNS, names=figure_names() if report else [],
                           charts=[_chart(report, what) for what in CHARTS] if report else [])


@bp.get("/chart.svg")
def chart():
    call = _call()
    what = request.args.get("what", "awards")
    if call is None or what not in CHARTS:
        return Response(_("No hay datos para este gráfico."), status=404, mimetype="text/plain")
    svg = render_template("programme/_chart.html", chart=_chart(programme_report(call.id, utcnow()), what),
                          standalone=True)
    return Response(svg, mimetype="image/svg+xml")


def _cell(value) -> str | int:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: never from our data.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value


@bp.get("/report.csv")
def csv_report():
    call = _call()
    if call is None:
        return Response(_("Todavía no hay convocatorias."), status=404, mimetype="text/plain")
    report = programme_report(call.id, utcnow())
    names = figure_names()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Región"), _("Centro")] + [str(COLUMNS[n]) for n in names])
    for region in report.regions:
        for centre_name, figures in region.centres:
            writer.writerow([_cell(region.name), _cell(centre_name)] + [getattr(figures, n) for n in names])
        writer.writerow([_cell(region.name), _("Total de la región")] +
                        [getattr(region.figures, n) for n in names])
    writer.writerow([_("Total"), ""] + [getattr(report.total, n) for n in names])
    filename = f"becas-{call.id}-{utcnow():%Y-%m-%d}.csv"
    # A byte-order mark, so spreadsheet programs read the accents as UTF-8.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
