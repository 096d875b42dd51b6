"""Text analysis: pure functions from text to msgspec structs. No HTTP, no database.

clean -> sentences -> claims (extraction), and analyse (quantities, dates, ordinals, entities,
negation, hedges, attribution) for each claim; normalize for the search index.
Import from the submodules; this package file stays empty so they load independently.
"""
