"""flask commands: content check, demo data, users. Operations live in the domain modules."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from learner import demo
from learner.learning.catalog import ContentError, load_catalog


@click.group("content")
def content_group():
    """Course content."""


@content_group.command("check")
@click.option("--path", type=click.Path(exists=True, file_okay=False), default=None,
              help="A content folder other than the shipped one.")
def content_check(path):
    """Validate the course content and print each lesson's readability."""
    from learner.learning.content_check import MIN_READABILITY, check_catalog
    try:
        catalog = load_catalog(Path(path)) if path else load_catalog()
    except ContentError as exc:
        raise click.ClickException(f"{exc.path}: field '{exc.field}': {exc.message}") from exc
    failures = 0
    for report in check_catalog(catalog):
        mark = "ok " if not report.problems else "BAD"
        click.echo(f"{mark} {report.lesson.id}: {report.words} words, "
                   f"Fernández-Huerta {report.readability:.1f}, "
                   f"{len(report.lesson.quiz.questions)} questions")
        for problem in report.problems:
            click.echo(f"    {problem}")
        failures += bool(report.problems)
    if failures:
        raise click.ClickException(f"{failures} lesson(s) fail the rules (readability >= {MIN_READABILITY})")
    click.echo(f"{len(catalog.modules)} modules, all lessons pass.")


@click.command("demo")
def demo_command():
    """Create the regions, a centre, a cohort and the demo accounts (idempotent)."""
    if current_app.config.get("PRODUCTION"):
        raise click.ClickException("Refusing: demo accounts have a published password and "
                                   "must never exist in production (APP_ENV=production).")
    for line in demo.create_demo(current_app.config["DEMO_PASSWORD"]):
        click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(content_group)
    app.cli.add_command(demo_command)
