"""Matching: candidate retrieval, fused scoring, stance with reasons, and the verdict."""
