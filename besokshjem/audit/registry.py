"""Labels of audit actions, of statuses and of the codes audit notes carry, registered by the areas that own them
(their TextChoices).

The audit app knows no domain: each area registers its choices in its AppConfig.ready(), and the audit log shows
their labels in the reader's language (the labels are lazy). Actions and statuses are kept apart, since a code can
be both (an application is «submitted»: the action «Søknaden ble sendt inn», the status «Mottatt»).

A note is stored as written, codes and ISO dates included («granted», «applicant: visiting, complete_extended»,
«2027-01-12»), so it reads the same in any language; `note_label` shows it with the registered terms' labels and the
dates in the reader's format («Innvilget», «12. januar 2027»).
"""

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

ACTIONS: dict[str, object] = {}
STATUSES: dict[str, object] = {}
TERMS: dict[str, object] = {}


def _register(labels: dict, choices) -> None:
    for choice_class in choices:
        for value, label in choice_class.choices:
            labels.setdefault(value, label)


def register_actions(*choices) -> None:
    """Register audit actions (TextChoices classes). The first label of a code wins."""
    _register(ACTIONS, choices)


def register_statuses(*choices) -> None:
    """Register statuses (TextChoices classes) that audit entries move between."""
    _register(STATUSES, choices)


def register_terms(*choices, **labels) -> None:
    """Register the codes audit notes may carry (outcomes, home types, person keys…): TextChoices classes, and single
    codes as keyword arguments."""
    _register(TERMS, choices)
    for code, label in labels.items():
        TERMS.setdefault(code, label)


def action_label(code: str) -> object:
    return ACTIONS.get(code, code)


#: Who did it, when it was not a user: stored as these words (older entries have them), shown in the reader's language.
ACTORS = {"søker": gettext_lazy("søker"), "system": gettext_lazy("system")}


def actor_label(label: str) -> object:
    """The actor of an audit entry: «søker» and «system» in the reader's language, a caseworker's e-mail as it is."""
    return ACTORS.get(label, label)


def status_label(code: str) -> object:
    return STATUSES.get(code, code) if code else ""


_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# A token stands alone: not part of a word, an e-mail address, a domain or a path («visiting@kommune.no», «/granted/»).
_NOTE_TOKEN = re.compile(
    rf"(?<![\w.@/-])(?:(?P<iso>{_ISO})|(?P<code>[a-z][a-z_]*)(?::(?P<id>\d+))?)(?![\w@/-]|\.\w)")


def _date_label(text: str) -> str:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) == 10:
        return date_format(date(value.year, value.month, value.day), "DATE_FORMAT")
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


def _token_label(match: re.Match) -> str:
    if match["iso"]:
        return _date_label(match["iso"])
    label = TERMS.get(match["code"])
    if label is None or match["code"] in str(label).lower().split():
        return match[0]  # not a code, or a word of its own label («partner»): in free text it is a word as written
    return f"{label} {match['id']}" if match["id"] else str(label)


def note_label(note: str) -> str:
    """A note in the reader's language: the registered codes as their labels (a person key «member:12» as the label
    of «member» and the id), ISO dates and times as the reader's dates. Any other word is left as written, and so is a
    code word inside an e-mail address, a domain or a path, or one that is a word of its own label."""
    return _NOTE_TOKEN.sub(_token_label, note) if note else ""
