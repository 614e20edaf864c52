"""Codebook, highlights, statement labels and notes; their storage; export and import."""
