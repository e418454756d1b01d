"""Stage 2: the corpus model, the page format and the file and table readers."""
