"""Stage 0: source files as text, the tracked-text offset map and character classes."""
