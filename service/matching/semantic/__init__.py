"""Semantic matching: sentence embeddings beside BM25 (README "Semantic matching").

For other code (the stance rules comparing predicates or counted nouns): `similarity(a, b)`, the
cosine of two words or phrases, and `embed(texts)`, unit vectors, both on the process's one
encoder, and None when semantic matching is off. Never evidence that figures agree.
"""

from service.matching.semantic.engine import embed, similarity

__all__ = ["embed", "similarity"]
