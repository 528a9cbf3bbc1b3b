"""Item pipelines, in order: validate (schema, body, date window) → dedupe (within the run and
against the ledger) → store (durable JSON Lines, then the ledger)."""
