import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from besokshjem.tenancy.models import Municipality

from .models import AccessEntry, AuditEntry

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


# The access log (Normen): who read which case, when and from where.

def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For the address they saw, the
    hop the outermost of them added (hops to its left are the client's own say, and can be forged); None if it is no IP
    address. The same count tells django-axes where a login attempt came from."""
    address = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        address = hops[-count] if len(hops) >= count else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _municipality_id_of(target):
    if isinstance(target, Municipality):
        return target.pk
    return target.municipality_id


def _entry(request, *, what: str, municipality_id, content_type=None, object_id=None, reference="", search_terms="") -> AccessEntry:
    user = request.user
    return AccessEntry(
        user_id=user.pk,
        user_email=user.email,
        user_name=getattr(user, "full_name", "")[:300],
        municipality_id=municipality_id,
        content_type=content_type,
        object_id=object_id,
        reference=str(reference or "")[:60],
        what=what,
        path=request.path[:500],  # the path only: a query string could carry a token
        search_terms=search_terms[:200],
        ip_address=client_ip(request),
    )


def access_record(request, *, target, what: str) -> AccessEntry:
    """Log that the request's user read `target` (a case, or a kommune for an export): one INSERT.

    Duck-typed, so the audit app knows no domain: reads `target.pk`, `target.municipality_id` (a kommune is its own)
    and `target.reference` when there is one."""
    entry = _entry(request, what=what, municipality_id=_municipality_id_of(target),
                   content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
                   reference=getattr(target, "reference", ""))
    entry.save(force_insert=True)
    return entry


def access_record_across(request, *, municipalities, what: str, model=None, search_terms: str = "") -> list[AccessEntry]:
    """Log a read across kommuner (a search of a list, an export of the waiting list): one entry per kommune, so each
    kommune's admin sees it; a superuser's reads across all kommuner are one entry without a kommune. One INSERT."""
    content_type = ContentType.objects.get_for_model(model) if model is not None else None
    ids = [None] if request.user.is_superuser else list(municipalities.values_list("pk", flat=True))
    return AccessEntry.objects.bulk_create([
        _entry(request, what=what, municipality_id=pk, content_type=content_type, search_terms=search_terms) for pk in ids
    ])
