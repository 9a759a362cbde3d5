"""Certificates: awards, signing, the PDF."""
