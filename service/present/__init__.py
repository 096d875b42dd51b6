"""Presenters: store records and check results as wire types, plain text and JSON-LD.

Used by the API and the CLI alike, so both answer in the same shapes and words; nothing here
imports the HTTP layer.
"""
