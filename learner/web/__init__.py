"""Request-time plumbing that only create_app and views import: access, headers, errors, ETags, assets, locale."""
