from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

APPLICANT = "søker"
SYSTEM = "system"


def audit_record(
    *, target, municipality, action: str, actor=None, actor_label: str = "", from_status="", to_status="", note=""
) -> AuditEntry:
    """Append an audit entry; call inside the transaction that makes the change."""
    if actor is not None and not actor_label:
        actor_label = actor.email
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor_label or SYSTEM,
        municipality=municipality,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
