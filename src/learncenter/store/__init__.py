"""The local store: an SQLCipher-encrypted SQLite database, encrypted blobs, audit and outbox.

Repositories here never commit; the services own transactions.
"""
