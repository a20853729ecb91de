from django.contrib.contenttypes.models import ContentType

from .models import Reminder


def reminders_for(*, targets) -> list[Reminder]:
    """Reminders about any of these objects (a case and its parts), newest first."""
    query = None
    for target in targets:
        q = Reminder.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
        query = q if query is None else query | q
    return list(query.order_by("-created_at")) if query is not None else []
