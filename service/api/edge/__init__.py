"""The HTTP edge's middleware: keys, limits, idempotency, request guard, conditional GET,
observability, and the connection limits below the app; `stack` assembles them in order."""
