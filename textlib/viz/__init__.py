"""Presentation: style, fonts, labels, glosses and plot functions (no statistics)."""
