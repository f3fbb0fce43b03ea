"""learncenter: on-site confirmation and records for learning centers of online education."""

__version__ = "0.1.0"
