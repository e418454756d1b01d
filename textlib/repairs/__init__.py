"""Stage 1: repair steps that keep every character traceable to its source."""
