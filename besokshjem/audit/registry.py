"""Labels of audit actions and of statuses, registered by the areas that own them (their TextChoices).

The audit app knows no domain: each area registers its choices in its AppConfig.ready(), and the audit log shows
their labels in the reader's language (the labels are lazy). Actions and statuses are kept apart, since a code can
be both (an application is «submitted»: the action «Søknaden ble sendt inn», the status «Mottatt»).
"""

ACTIONS: dict[str, object] = {}
STATUSES: dict[str, object] = {}


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


def action_label(code: str) -> object:
    return ACTIONS.get(code, code)


def status_label(code: str) -> object:
    return STATUSES.get(code, code) if code else ""
