"""Pure conversation logic: flows are state machines over data, with no I/O.

Nothing in this package imports a transport, the database or the network; a test enforces it.
"""
