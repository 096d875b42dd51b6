"""Benchmarks of factcheck at 10,000 to 1,000,000 claims, beside the alternatives (README.md)."""
