from django import template

from besokshjem.audit import registry

register = template.Library()


@register.filter
def action_label(code: str):
    """An audit action in the reader's language (labels are registered by the area that owns the action)."""
    return registry.action_label(code)


@register.filter
def actor_label(label: str):
    return registry.actor_label(label)


@register.filter
def status_label(code: str):
    return registry.status_label(code)


@register.filter
def note_label(note: str):
    """An audit note with its codes and dates in the reader's language."""
    return registry.note_label(note)
