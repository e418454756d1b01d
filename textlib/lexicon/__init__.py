"""The formulation lexicon: loading, validation and the matcher."""
