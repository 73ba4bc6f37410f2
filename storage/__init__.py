"""Persistence: the only package that speaks SQL. Works on SQLite (default) and PostgreSQL."""
