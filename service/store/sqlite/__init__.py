"""The SQLite backend: one writer, many readers, WAL mode. Imported by `store.factory` only."""
