"""The meaning layer: what a claim means against what a document says (compare.py, lexicon.py)."""
