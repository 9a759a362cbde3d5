"""flask commands: content check, demo data, users. Operations live in the domain modules."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from learner import demo
from learner.common.country import CountryError, load_country
from learner.extensions import db
from learner.programme.geography import load_geography
from learner.learning.catalog import ContentError, load_catalog


@click.group("content")
def content_group():
    """Course content."""


@content_group.command("check")
@click.option("--path", type=click.Path(exists=True, file_okay=False), default=None,
              help="A content folder other than the shipped one.")
def content_check(path):
    """Validate the course content and print the report; exit status 1 if any rule fails."""
    # num2words loads every language it has (2.5 MiB, 30 ms): the web workers never need it.
    from learner.learning.content_check import check_catalog, format_report
    try:
        catalog = load_catalog(Path(path)) if path else load_catalog()
    except ContentError as exc:
        raise click.ClickException(f"{exc.path}: field '{exc.field}': {exc.message}") from exc
    report = check_catalog(catalog)
    for line in format_report(report):
        click.echo(line)
    if report.failures:
        raise click.ClickException(f"{report.failures} rule(s) broken (see the lines marked BAD)")
    click.echo(f"{len(catalog.modules)} modules, {len(report.lessons)} lessons: every rule holds.")


@click.command("demo")
def demo_command():
    """Create the regions, a centre, a cohort and the demo accounts (idempotent)."""
    if current_app.config.get("PRODUCTION"):
        raise click.ClickException("Refusing: demo accounts have a published password and "
                                   "must never exist in production (APP_ENV=production).")
    for line in demo.create_demo(current_app.config["DEMO_PASSWORD"], current_app.extensions["country"]):
        click.echo(line)


@click.group("geography")
def geography_group():
    """The programme's regions and centres."""


@geography_group.command("load")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A country file other than the app's (COUNTRY_FILE).")
def geography_load(path):
    """Add the regions and centres of the country file that the database lacks (idempotent)."""
    try:
        country = load_country(Path(path)) if path else current_app.extensions["country"]
    except CountryError as error:
        raise click.ClickException(str(error)) from error
    changes = load_geography(country)
    db.session.commit()
    for line in changes:
        click.echo(line)
    click.echo(f"{country.name}: {len(country.regions)} regions in the file, "
               f"{sum(not line.startswith('region kept') for line in changes)} changes")


def init_app(app: Flask) -> None:
    app.cli.add_command(content_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(geography_group)
