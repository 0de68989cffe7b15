"""The machinery every domain stands on: settings, the database and ORM, the event log,
idempotency, audit, errors, workers. Imports no domain."""
