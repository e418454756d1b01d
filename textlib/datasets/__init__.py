"""Bundled datasets: the seed page with its curated titles, glosses and claims."""
