"""The admin of both kinds of application lives with the caseworker workspace; Django looks for it here."""

from .caseworker import admin  # noqa: F401
from .retention import admin as retention_admin  # noqa: F401
