"""Leaf helpers: no request, no models (time, names, mail, secret box, security log)."""
