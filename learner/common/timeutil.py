"""Time in one place: naive UTC datetimes in the database, ISO-8601 on the wire."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 timestamp (with Z or an offset) to naive UTC; ValueError if bad."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"
