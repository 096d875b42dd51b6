"""The OpenAPI document: what litestar generates, completed in one pass (`document.document`),
and the offline page that shows it (`pages`)."""
