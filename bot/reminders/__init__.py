"""Reminders: planned as rows from an exchange's dates, delivered exactly once."""
