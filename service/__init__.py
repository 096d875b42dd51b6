"""factcheck: ingest news reports, index their claims, and check statements against them."""

__version__ = "0.1.0"
