"""onrecord: who said what, about whom, when — and whether it held."""

from ._version import __version__

__all__ = ["__version__"]
