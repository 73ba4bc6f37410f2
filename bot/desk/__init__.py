"""The coordinator's desk: web pages to run a programme (funnel, people, exchanges, results).

Server-rendered (Starlette, Jinja2, htmx shipped as a static file), on the same services the
chat and the command line use. Coordinators log in with a one-time link from `/desk` in the
chat or `wegwijzer desk link`; every page shows only their own programmes.
"""
