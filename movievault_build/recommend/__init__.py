"""Recommendations from the library's own text: which films read alike (plot and
keywords, TF-IDF) and which genres a film without any probably has."""
