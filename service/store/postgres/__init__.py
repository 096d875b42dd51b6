"""The PostgreSQL backend: a psycopg pool and LISTEN/NOTIFY. Imported by `store.factory` only."""
