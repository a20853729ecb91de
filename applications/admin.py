"""The admin of both kinds of application lives with the caseworker workspace; Django looks for it here."""

from .caseworker import admin  # noqa: F401
