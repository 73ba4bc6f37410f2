"""Wegwijzer: the running bot — settings, command line, wiring, transports."""

__version__ = "0.1.0"
