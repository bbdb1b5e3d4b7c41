"""Storage adapters: where the ledger lives, its secrets, the stored form, raw log reading.

The domain modules of ``ledger`` never import this package (``lint-imports`` checks it).
"""
