"""Watches: statements kept checked against every new report, with signed event delivery."""
