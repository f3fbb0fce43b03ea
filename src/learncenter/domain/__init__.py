"""Pure rules of the domain: no I/O, no database, no Qt.

Everything here can be tested with plain values, and everything a user can get wrong comes
back as a :class:`~learncenter.domain.messages.Problem` with a machine-readable code and a
sentence in Chinese and English.
"""
