"""Ingest: the one path from reports, claims and ClaimReview items to stored claims.

`pipeline.ingest(store, preparer, items)` is taken by the API, `factcheck ingest`, the seeder
and the ClaimReview import; `preparing` runs its CPU-bound half on every core, `loaders` reads
report files, `seeding` fills an empty store, `claimreview` turns a fact-checker's review into
a report. Nothing here imports the HTTP edge: the preparing workers import this package.
"""
