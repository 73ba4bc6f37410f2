"""The terminal chat: talk to the bot as one person, no token needed."""
