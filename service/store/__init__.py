"""Storage behind one async protocol (`base.Store`), one package per backend (`sqlite/`,
`postgres/`), the SQL both share once (`queries`, `watch_sql`); `factory` picks the backend."""
