"""Domain vocabulary shared by every app (docs/glossary.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HomeType(models.TextChoices):
    VISITING = "visiting", _("Besøkshjem")
    RESPITE = "respite", _("Avlastningshjem")
    SUPPORT_CONTACT = "support_contact", _("Støttekontakt")

    @classmethod
    def from_slug(cls, slug):
        return {v: k for k, v in HOME_TYPE_SLUGS.items()}.get(slug)


# Norwegian URL slugs for the public pages.
HOME_TYPE_SLUGS = {
    HomeType.VISITING: "besokshjem",
    HomeType.RESPITE: "avlastningshjem",
    HomeType.SUPPORT_CONTACT: "stottekontakt",
}


class LegalTrack(models.TextChoices):
    HEALTH_CARE = "health_care", _("Helse- og omsorgstjenesteloven")
    CHILD_WELFARE = "child_welfare", _("Barnevernsloven")


class AttestType(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinær politiattest")
    CHILD_CARE = "child_care", _("Barneomsorgsattest (politiregisterloven § 39 første ledd)")
    HEALTH_CARE = "health_care", _("Politiattest etter helse- og omsorgstjenesteloven § 5-4")
    COMPLETE_EXTENDED = "complete_extended", _("Uttømmende og utvidet politiattest")


class AgreementKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Arbeidsavtale")
    ASSIGNMENT = "assignment", _("Oppdragsavtale")


# Defaults per home type and legal track (docs/domain.md, «The rules that come from law»); each kommune may change them.
DEFAULT_LEGAL_TRACK = {
    HomeType.VISITING: LegalTrack.CHILD_WELFARE,
    HomeType.RESPITE: LegalTrack.HEALTH_CARE,
    HomeType.SUPPORT_CONTACT: LegalTrack.HEALTH_CARE,
}
DEFAULT_AGREEMENT_KIND = {
    HomeType.VISITING: AgreementKind.ASSIGNMENT,
    HomeType.RESPITE: AgreementKind.EMPLOYMENT,
    HomeType.SUPPORT_CONTACT: AgreementKind.ASSIGNMENT,
}


def default_attest_type(home_type: str, legal_track: str) -> str:
    """The politiattest the law asks for a home type on a legal track (docs/legal-references.md, «Politiattest»)."""
    if legal_track == LegalTrack.HEALTH_CARE:
        return AttestType.HEALTH_CARE
    if home_type == HomeType.SUPPORT_CONTACT:
        return AttestType.CHILD_CARE
    return AttestType.COMPLETE_EXTENDED


# Default legal bases named in the formålsbekreftelse. Paragraph numbers change (a new forvaltningslov is
# on its way): each kommune can override them per home type (HomeTypeSetting.attest_legal_basis).
DEFAULT_ATTEST_LEGAL_BASIS = {
    (LegalTrack.HEALTH_CARE, AttestType.HEALTH_CARE): "helse- og omsorgstjenesteloven § 5-4, jf. politiregisterloven § 39 første ledd",
    (LegalTrack.CHILD_WELFARE, AttestType.COMPLETE_EXTENDED): "barnevernsloven § 12-11, jf. politiregisterloven § 41 nr. 1 (uttømmende og utvidet politiattest)",
    (LegalTrack.CHILD_WELFARE, AttestType.CHILD_CARE): "barnevernsloven § 12-11, jf. politiregisterloven § 39 første ledd (barneomsorgsattest)",
}
HOUSEHOLD_ATTEST_LEGAL_BASIS = "politiregisterloven § 37 og forskrift om politiattest i henhold til barnevernsloven"


def default_attest_legal_basis(legal_track: str, attest_type: str) -> str:
    return DEFAULT_ATTEST_LEGAL_BASIS.get((legal_track, attest_type), "politiregisterloven § 37")


class MemberAction(models.TextChoices):
    """Audit actions on a kommune's members (who gave whom which access)."""

    INVITED = "member_invited", _("Ny bruker invitert som medlem av kommunen")
    EXISTING_ADDED = "member_existing_added", _("Eksisterende bruker lagt til i kommunen")
    CHANGED = "member_changed", _("Medlemskapet ble endret")
    REMOVED = "member_removed", _("Medlemmet ble fjernet fra kommunen")
