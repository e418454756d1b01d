"""Plot functions: each takes result tables and returns a Figure."""
