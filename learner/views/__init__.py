"""The HTTP layer: one blueprint per audience."""
