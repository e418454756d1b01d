"""Counting formulations (提法) with provenance, and their figure tables."""
