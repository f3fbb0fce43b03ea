"""The reference central registry: an ASGI service, its own store and its admin commands."""
