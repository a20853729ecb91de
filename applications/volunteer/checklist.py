"""What approval of a volunteer home requires, and how far a case has come (design.md, "Approval").

One place computes it; the approve service refuses on it, the admin list and the dashboard show it.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus, DeclarationText, MeetingKind, MeetingStatus, PersonRole, VolunteerApplication
from besokshjem.tenancy.choices import AttestType, HomeType
from besokshjem.tenancy.selectors import home_type_setting

ATTEST_MAX_AGE = relativedelta(months=3)
# A household member's attest: an ordinary one, or the stricter complete one.
HOUSEHOLD_ATTEST_TYPES = frozenset({AttestType.ORDINARY, AttestType.COMPLETE_EXTENDED})


def attest_valid_on(*, issue_date: date, shown_date: date) -> bool:
    """A politiattest may be no more than three months old when shown (issued 25 Aug is fine on 25 Nov)."""
    return shown_date - ATTEST_MAX_AGE <= issue_date <= shown_date


@dataclass
class Person:
    key: str
    role: str
    name: str
    birth: str
    attest_types: frozenset  # any one of these satisfies a requirement
    required: list = field(default_factory=list)  # the attest types this person must show (one each)


def _hosting_settings(application):
    return [
        s for ht in application.home_types
        if (s := home_type_setting(municipality=application.municipality, home_type=ht)) is not None
    ]


def attest_people(application: VolunteerApplication, today: date | None = None) -> list[Person]:
    """Everyone who must show a politiattest, and which type(s).

    Applicants (and a partner applying together) need the type the kommune requires for each home type applied
    for. Where the kommune requires it for a hosting home type, every household member who is 18 or turns 18
    this year needs an ordinary attest (only the birth year is known, so the rule is the cautious one).
    """
    today = today or timezone.localdate()
    settings = _hosting_settings(application)
    required = sorted({s.attest_type for s in settings})
    people = []
    applicant = Person(
        key="applicant", role=PersonRole.APPLICANT, name=application.applicant_name,
        birth=application.birth_date.isoformat() if application.birth_date else "",
        attest_types=frozenset(required), required=required,
    )
    people.append(applicant)
    if application.applying_together:
        people.append(Person(
            key="partner", role=PersonRole.PARTNER, name=application.partner_name,
            birth=application.partner_birth_date.isoformat() if application.partner_birth_date else "",
            attest_types=frozenset(required), required=required,
        ))
    household_rule = any(
        s.household_attest_required for s in settings if s.home_type in (HomeType.VISITING, HomeType.RESPITE)
    )
    if household_rule:
        for member in application.household_members.all():
            if today.year - member.birth_year >= 18:
                people.append(Person(
                    key=f"member:{member.pk}", role=PersonRole.HOUSEHOLD, name=member.name, birth=str(member.birth_year),
                    attest_types=HOUSEHOLD_ATTEST_TYPES, required=[AttestType.ORDINARY],
                ))
    return people


def person_by_key(application, key, today=None) -> Person | None:
    return next((p for p in attest_people(application, today) if p.key == key), None)


def signers(application: VolunteerApplication) -> list[tuple[str, str]]:
    """Who signs the taushetserklæring: every applicant."""
    people = [("applicant", application.applicant_name)]
    if application.applying_together:
        people.append(("partner", application.partner_name))
    return people


def current_declaration_text() -> DeclarationText | None:
    return DeclarationText.objects.filter(valid_from__lte=timezone.now()).order_by("-version").first()


@dataclass
class Item:
    key: str
    label: str
    done: int
    needed: int
    missing: list[str]

    @property
    def ok(self) -> bool:
        return self.done >= self.needed and not self.missing


@dataclass
class Checklist:
    items: list[Item]

    @property
    def complete(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> list[str]:
        return [m for item in self.items for m in item.missing]

    def summary(self) -> str:
        parts = []
        for item in self.items:
            if item.key in ("declaration", "agreement"):
                parts.append(f"{item.label} {'✓' if item.ok else '✗'}")
            else:
                parts.append(f"{min(item.done, item.needed)}/{item.needed} {item.label}")
        return " · ".join(parts)


_CURRENT = object()  # "look the current taushetserklæring up"


def checklist(application: VolunteerApplication, today: date | None = None, text=_CURRENT) -> Checklist:
    """The approval checklist. Uses prefetched relations where the caller provided them.

    `text` is the current taushetserklæring; a caller computing many checklists (a list page) looks it up once.
    """
    meetings = list(application.meetings.all())
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    interviews_needed = application.municipality.interviews_required
    interviews = sum(1 for m in held if m.kind == MeetingKind.INTERVIEW)
    visits_needed = 1 if application.hosts_children else 0
    visits = sum(1 for m in held if m.kind == MeetingKind.HOME_VISIT)
    items = [
        Item("interviews", _("samtaler"), interviews, interviews_needed,
             [_("%(n)s av %(m)s samtaler er gjennomført.") % {"n": interviews, "m": interviews_needed}] if interviews < interviews_needed else []),
        Item("home_visits", _("hjemmebesøk"), visits, visits_needed,
             [_("Hjemmebesøk er ikke gjennomført.")] if visits < visits_needed else []),
    ]

    certificates = list(application.police_certificates.all())
    attest_missing, needed, done = [], 0, 0
    for person in attest_people(application, today):
        for attest_type in person.required:
            needed += 1
            acceptable = person.attest_types if person.role == PersonRole.HOUSEHOLD else {attest_type}
            if any(c.person_key == person.key and c.attest_type in acceptable for c in certificates):
                done += 1
            else:
                attest_missing.append(
                    _("Politiattest (%(type)s) mangler for %(name)s.") % {"type": AttestType(attest_type).label, "name": person.name}
                )
    items.append(Item("attests", _("politiattest"), done, needed, attest_missing))

    if text is _CURRENT:
        text = current_declaration_text()
    signatures = list(application.declaration_signatures.all())
    declaration_missing = []
    for key, name in signers(application):
        if text is None or not any(s.person_key == key and s.text_id == text.pk for s in signatures):
            declaration_missing.append(_("Taushetserklæring (versjon %(v)s) er ikke signert av %(name)s.") % {
                "v": text.version if text else "–", "name": name,
            })
    items.append(Item("declaration", _("taushetserklæring"), 0 if declaration_missing else 1, 1, declaration_missing))

    agreement = next((a for a in application.agreements.all() if a.superseded_at is None), None)
    if agreement is None:
        agreement_missing = [_("Avtale er ikke laget.")]
    else:
        agreement_missing = []
        if not agreement.applicant_signed_at:
            agreement_missing.append(_("Avtalen er ikke signert av søker."))
        if not agreement.caseworker_signed_at:
            agreement_missing.append(_("Avtalen er ikke signert av kommunen."))
    items.append(Item("agreement", _("avtale"), 0 if agreement_missing else 1, 1, agreement_missing))
    return Checklist(items)


def next_step(application: VolunteerApplication, result: Checklist | None = None) -> str:
    """The caseworker's next step on a case, in words (`result`: its checklist, if the caller has it already)."""
    if application.status == ApplicationStatus.SUBMITTED:
        return _("Ta saken til behandling")
    if application.status != ApplicationStatus.IN_REVIEW:
        return "–"
    result = result or checklist(application)
    if result.complete:
        return _("Godkjenn hjemmet")
    return result.missing[0]
