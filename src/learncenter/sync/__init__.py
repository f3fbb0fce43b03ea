"""Sync with the central registry, the center's side: what to send, sending it, and applying
what comes back (receipts, down-sync pages, updates), over HTTP or on removable media.

The wire format and its cryptography are :mod:`learncenter.protocol`, which the registry uses
too; this package adds the center's database, keyring and network around it.
"""
