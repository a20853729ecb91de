"""Related rows for pages of many objects, prefetched as plain lists.

A prefetch into a related manager (`prefetch_related("meetings")`) makes Django build and filter one queryset per object
and relation to hold the rows: for a list of 50 cases and the 7 relations of a checklist, 350 querysets, about 16 ms on
our bench machine, five times the SQL they stand for (docs/benchmarks.md). `listed()` prefetches into a plain list on
the object instead, and `rows()` reads a relation from that list where there is one, else as before.

Only readers written with `rows()` see the lists: a template or a `.filter()` on the manager still queries. So pages of
one object keep the ordinary prefetch; pages of many use `listed()`.
"""

from django.db.models import Prefetch

PREFIX = "listed_"


def listed(lookup: str, queryset=None) -> Prefetch:
    """`Prefetch(lookup)` into a list on the last object of the lookup («municipality__home_type_settings» sets
    `municipality.listed_home_type_settings`)."""
    return Prefetch(lookup, queryset=queryset, to_attr=PREFIX + lookup.rsplit("__", 1)[-1])


def rows(obj, relation: str) -> list:
    """The rows of a to-many relation of obj: the list `listed()` left, else `obj.<relation>.all()` (from Django's
    prefetch cache where there is one, else one query)."""
    found = obj.__dict__.get(PREFIX + relation)
    return found if found is not None else list(getattr(obj, relation).all())
