"""Need to know (tjenstlig behov) for logs that point at any kind of object: the audit trail and the outbox.

A caseworker sees a parent's case only as a member of the kommune's unit for helse og omsorg, and a barnevern case only
in the barneverntjeneste (tenancy.selectors). A log row points at its object by content type and id, so the lists of
those logs follow the same rule through this registry: each area registers its models with the path to their legal
track, or the one track every row of the model is on (`register_tracked`), and `visible_targets` is the filter. A
kommune's administrators see the whole log of their kommune. A row about anything not registered (a volunteer's
application, an approved home) is seen by every member of the kommune, as that object is.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .choices import LegalTrack
from .selectors import memberships_of

_TRACKED: dict[type, tuple[str, str]] = {}


def register_tracked(model, *, track_field: str = "", track: str = "") -> None:
    """`track_field`: the lookup from the model to its track («decision__track»); `track`: the track of every row."""
    if bool(track_field) == bool(track):
        raise ValueError("give either track_field or track")
    _TRACKED[model] = (track_field, track)


def visible_targets(*, user, municipality_field: str = "municipality", content_type_field: str = "content_type",
                    object_id_field: str = "object_id") -> Q:
    """Log rows the user may see: about an untracked object, or about one on a track whose unit the user belongs to in
    the row's kommune (every track in a kommune the user administers)."""
    if user.is_superuser:
        return Q()
    memberships = memberships_of(user)
    types = ContentType.objects.get_for_models(*_TRACKED)
    visible = ~Q(**{f"{content_type_field}__in": list(types.values())})
    for track in LegalTrack.values:
        kommuner = sorted(set(memberships.municipalities(track)) | memberships.administered)
        if not kommuner:
            continue
        for model, (field, every_row) in _TRACKED.items():
            if every_row and every_row != track:
                continue
            rows = Q(**{content_type_field: types[model], f"{municipality_field}__in": kommuner})
            if field:
                rows &= Q(**{f"{object_id_field}__in": model._base_manager.filter(**{field: track}).values("pk")})
            visible |= rows
    return visible
