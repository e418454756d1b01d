"""Reading aids: the noise report, KWIC and the corpus overview."""
