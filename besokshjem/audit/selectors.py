from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit_entries_for(*, target):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")
