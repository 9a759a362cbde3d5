"""The programme's regions and centres from the country file: added when missing, never deleted
(applications, cohorts and certificates point to them)."""

from __future__ import annotations

from sqlalchemy import select

from learner.common.country import Country
from learner.extensions import db
from learner.models import Centre, Region


def load_geography(country: Country) -> list[str]:
    """Bring the database up to the file; one line per change (none: nothing to do). The caller commits."""
    regions = {r.name: r for r in db.session.scalars(select(Region))}
    centres = {(c.region_id, c.name) for c in db.session.scalars(select(Centre))}
    changes = []
    for wanted in country.regions:
        region = regions.get(wanted.name)
        if region is None:
            region = regions[wanted.name] = Region(name=wanted.name)
            db.session.add(region)
            db.session.flush()
            changes.append(f"region added: {wanted.name}")
        for name in wanted.centres:
            if (region.id, name) not in centres:
                db.session.add(Centre(region=region, name=name))
                centres.add((region.id, name))
                changes.append(f"centre added: {name} ({wanted.name})")
    listed = {r.name for r in country.regions}
    changes += [f"region kept, not in the file: {name}" for name in sorted(set(regions) - listed)]
    db.session.flush()
    return changes
