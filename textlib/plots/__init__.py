"""Plotting functions: each takes tables and returns a matplotlib Figure; none computes or saves."""
