"""Outlines, sections, roles and the structure tables."""
