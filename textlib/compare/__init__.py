"""Comparison across units: document-term matrices, clustering, topics, keyness, reuse."""
