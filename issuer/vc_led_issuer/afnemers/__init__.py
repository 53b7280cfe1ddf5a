"""Afnemers: public bodies that consult LED under a protocol, and the record of every access."""
