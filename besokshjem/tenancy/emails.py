"""The kommune's e-mails to its members: the invitation a new caseworker gets, with a link to choose a password, and
the notice a person who already has a user gets when another kommune gives them access (so that nobody is given access
to children's cases without knowing, and a wrong person notices).

The link is made when the outbox sends the e-mail (Django's password-reset token: it works once, until the password
is set, and for PASSWORD_RESET_TIMEOUT), so no link is ever stored."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write

INVITATION = "member_invitation"
ADDED = "member_added"


def password_set_url(user) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("password_set", args=[uidb64, default_token_generator.make_token(user)])


def _invitation_context(membership) -> dict:
    return {
        "membership": membership,
        "person": membership.user,
        "municipality": membership.municipality,
        "password_url": password_set_url(membership.user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "login_url": settings.SITE_URL + reverse("admin:login"),
    }


def _added_context(membership) -> dict:
    return {"membership": membership, "person": membership.user, "municipality": membership.municipality,
            "login_url": settings.SITE_URL + reverse("admin:login")}


def _still_member(memberships) -> set:
    """The notice is worth sending while the access it tells of is still there."""
    return {m.pk for m in memberships if m.user.is_active}


def _password_not_set(memberships) -> set:
    """The invitation is worth sending while the person has not chosen a password yet."""
    return {m.pk for m in memberships if m.user.is_active and not m.user.has_usable_password()}


KINDS = [
    Kind(name=INVITATION, label=_("Invitasjon til ny saksbehandler"), template=INVITATION, context=_invitation_context,
         still_due=_password_not_set, select_related=("user", "municipality")),
    Kind(name=ADDED, label=_("Melding om tilgang i en kommune til (eksisterende bruker)"), template=ADDED, context=_added_context,
         still_due=_still_member, select_related=("user", "municipality")),
]


def invitation_write(*, membership) -> None:
    """The invitation to a new member: once per membership."""
    message_write(kind=INVITATION, target=membership, recipient=membership.user.email, language="nb",
                  municipality=membership.municipality, dedupe_key=f"{INVITATION}:{membership.pk}")


def member_added_write(*, membership) -> None:
    """The notice to a person who already has a user that this kommune has given them access: once per membership."""
    message_write(kind=ADDED, target=membership, recipient=membership.user.email, language="nb",
                  municipality=membership.municipality, dedupe_key=f"{ADDED}:{membership.pk}")
