"""The kinds of e-mail the outbox can send, registered by the domain apps in their AppConfig.ready().

The outbox imports no domain code: a Kind says how to turn a row's target into an e-mail at send time
(templates/emails/<template>/subject.txt, body.txt, body.html and a context), whether it is still worth sending,
and what to do once the mail server has accepted it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    #: Stored on every row; pinned, since rows outlive deploys.
    name: str
    #: Directory under templates/emails/ holding subject.txt, body.txt and body.html.
    template: str
    #: target -> template context, called at send time (links with tokens are made here, never stored).
    context: Callable[[Any], dict]
    #: targets -> set of pks still worth sending; the others become OBSOLETE. None: always still due.
    still_due: Callable[[list], set] | None = None
    #: target -> [(filename, content, mimetype)]
    attachments: Callable[[Any], list[tuple[str, bytes, str]]] | None = None
    #: target -> reply-to addresses
    reply_to: Callable[[Any], list[str]] | None = None
    #: Called with the target after the mail server accepted the message (e.g. stamp invited_at).
    #: An error here is logged, not fatal: the message is sent.
    sent: Callable[[Any], None] | None = None
    #: select_related() for loading a batch's targets.
    select_related: tuple = ()
    #: What the e-mail is, in words, for the caseworker's list of e-mails on a case (lazy).
    label: Any = ""


_kinds: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Register kinds by name. Registering the identical object again is fine; another object under a taken name
    is a programming error (two apps would fight over the same stored rows)."""
    for kind in kinds:
        known = _kinds.get(kind.name)
        if known is not None and known is not kind:
            raise ValueError(f"An outbox kind named {kind.name!r} is already registered.")
    for kind in kinds:
        _kinds[kind.name] = kind


def unregister(*names: str) -> None:
    """Forget kinds (tests register their own kinds and remove them afterwards)."""
    for name in names:
        _kinds.pop(name, None)


def kind_for(name: str) -> Kind | None:
    return _kinds.get(name)


def label_for(name: str):
    """A kind's label, or its name when it has none (or is no longer registered)."""
    kind = _kinds.get(name)
    return kind.label if kind is not None and kind.label else name
