"""The trainer's domain: reports, lookups, enrolments, her forms."""
