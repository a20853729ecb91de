from django.contrib.contenttypes.models import ContentType

from besokshjem.tenancy.selectors import municipalities_administered_by

from .models import AccessEntry, AuditEntry

#: How many reads the case page lists (newest first); the admin's list of the log has them all.
ACCESS_ENTRIES_SHOWN = 200


def audit_entries_for(*, target):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")


def access_entries_for(*, target):
    """Who has read this case, newest first (for the kommune's admins on the case page)."""
    return access_entries_about(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def access_entries_about(*, content_type, object_id):
    """Every logged read of one case, newest first; by content type and id, so it works after the case is deleted
    (a person's innsyn export lists them)."""
    return AccessEntry.objects.filter(content_type=content_type, object_id=object_id).order_by("-created_at", "-pk")


def access_entries_shown_to(*, user, target):
    """The reads of a case for the «Hvem har sett saken» section: only an admin of the case's kommune sees them
    (None for anyone else, so the page leaves the section out)."""
    if not municipalities_administered_by(user=user).filter(pk=target.municipality_id).exists():
        return None
    return list(access_entries_for(target=target)[:ACCESS_ENTRIES_SHOWN])
