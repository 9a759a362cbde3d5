"""The scholarship programme: applications, calls, awards, queued applications, activation, reports, forms."""
