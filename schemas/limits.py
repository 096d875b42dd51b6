"""Size limits shared by the wire types and the service (the service enforces the same numbers)."""

MAX_REPORT_CHARS = 200_000
MAX_FIELD_CHARS = 2_000
MAX_STATEMENT_CHARS = 2_000
MAX_BULK_ITEMS = 1_000
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_MATCHES = 50
MAX_BATCH_CHECKS = 100
