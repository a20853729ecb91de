"""What approval of a volunteer home requires, and how far a case has come (docs/domain.md, «A volunteer's case»).

One place computes it; the approve service refuses on it, the admin list and the dashboard show it.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from applications.models import (
    HOUSEHOLD_KEY_PREFIX,
    ApplicationStatus,
    DeclarationText,
    MeetingKind,
    MeetingStatus,
    PersonRole,
    VolunteerApplication,
)
from besokshjem.core.prefetch import rows
from besokshjem.tenancy.choices import HOUSEHOLD_ATTEST_LEGAL_BASIS, AgreementKind, AttestType, HomeType, LegalTrack
from besokshjem.tenancy.selectors import home_type_setting
from placements.selectors import agreement_plan, current_agreements, service_givers

ATTEST_MAX_AGE = relativedelta(months=3)
ADULT_AGE = 18
# A household member's attest: an ordinary one, or the stricter complete one.
HOUSEHOLD_ATTEST_TYPES = frozenset({AttestType.ORDINARY, AttestType.COMPLETE_EXTENDED})
# Home types that take the child home, where the people living there matter.
HOSTING = (HomeType.VISITING, HomeType.RESPITE)


def attest_valid_on(*, issue_date: date, shown_date: date) -> bool:
    """A politiattest may be no more than three months old when shown (issued 25 Aug is fine on 25 Nov)."""
    return shown_date - ATTEST_MAX_AGE <= issue_date <= shown_date


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day` (the birthday itself counts)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class AttestRole:
    """A role (home type) a person must show a politiattest for: the type and legal basis come from its track."""

    home_type: str
    attest_type: str
    legal_basis: str

    @property
    def home_type_label(self) -> str:
        return HomeType(self.home_type).label

    @property
    def attest_type_label(self) -> str:
        return AttestType(self.attest_type).label


@dataclass
class Person:
    key: str
    role: str
    name: str
    birth_date: date | None
    roles: list[AttestRole]
    birth_estimated: bool = False  # only the birth year is known (household members registered before dates were asked)
    attest_types: frozenset = field(default=frozenset())  # any one of these satisfies a requirement

    def __post_init__(self):
        if not self.attest_types:
            self.attest_types = frozenset(self.required)

    @property
    def required(self) -> list[str]:
        """The attest types this person must show, one each (two roles on one type need one attest)."""
        return sorted({r.attest_type for r in self.roles})

    def role_for(self, home_type: str) -> AttestRole | None:
        return next((r for r in self.roles if r.home_type == home_type), None)


def household_rule_home_types(application) -> list[str]:
    """The roles for which the kommune asks household members for an attest: only hosting roles on the barnevern track
    (on the helse- og omsorg track, hol § 5-4 covers only those who give the service)."""
    types = []
    for home_type in application.home_types:
        setting = home_type_setting(municipality=application.municipality, home_type=home_type)
        if (setting is not None and home_type in HOSTING and setting.legal_track == LegalTrack.CHILD_WELFARE
                and setting.household_attest_required):
            types.append(home_type)
    return types


def household_reference_date(application, rule_types, today: date) -> date:
    """The day a household member's age is judged on: the day of the case's first formålsbekreftelse for a role that asks
    household members for an attest, or today while there is none."""
    days = [
        timezone.localtime(c.issued_at).date() for c in rows(application, "purpose_confirmations")
        if c.home_type in rule_types and not c.for_household_member
    ]
    return min(days) if days else today


def attest_people(application: VolunteerApplication, today: date | None = None) -> list[Person]:
    """Everyone who must show a politiattest, for which roles, of which type.

    The applicant shows one for each role applied for, of the type that role's track requires; a partner applying
    together for each role they give the service in (a home; a støttekontakt is the applicant alone). Where the kommune
    requires it for a home on the barnevern track, every household member who is 18 or older on the day of the case's
    formålsbekreftelse (today, if there is none yet) shows an ordinary attest.
    """
    today = today or timezone.localdate()
    people = []
    for key, role, name, birth in (
        ("applicant", PersonRole.APPLICANT, application.applicant_name, application.birth_date),
        ("partner", PersonRole.PARTNER, application.partner_name, application.partner_birth_date),
    ):
        roles = []
        for home_type in application.home_types:
            setting = home_type_setting(municipality=application.municipality, home_type=home_type)
            if setting is not None and key in dict(service_givers(application, home_type)):
                roles.append(AttestRole(home_type, setting.attest_type, setting.legal_basis_for_attest))
        if roles:
            people.append(Person(key=key, role=role, name=name, birth_date=birth, roles=roles))
    rule_types = household_rule_home_types(application)
    if rule_types:
        day = household_reference_date(application, rule_types, today)
        for member in rows(application, "household_members"):
            if age_on(member.birth_date, day) >= ADULT_AGE:
                people.append(Person(
                    key=f"{HOUSEHOLD_KEY_PREFIX}{member.pk}", role=PersonRole.HOUSEHOLD, name=member.name,
                    birth_date=member.birth_date, birth_estimated=member.birth_date_estimated,
                    roles=[AttestRole(rule_types[0], AttestType.ORDINARY, HOUSEHOLD_ATTEST_LEGAL_BASIS)],
                    attest_types=HOUSEHOLD_ATTEST_TYPES,
                ))
    return people


def person_by_key(application, key, today=None) -> Person | None:
    return next((p for p in attest_people(application, today) if p.key == key), None)


def attests_shown(person: Person, attest_type: str, certificates) -> list:
    """The politiattester shown for one of a person's requirements: of that type, or for a household member of any
    type that satisfies it."""
    acceptable = person.attest_types if person.role == PersonRole.HOUSEHOLD else {attest_type}
    return [c for c in certificates if c.person_key == person.key and c.attest_type in acceptable]


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
    #: What the checklist was computed from, for the next action (no second pass over the case).
    people: list[Person] = field(default_factory=list)
    plan: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    declaration_text: DeclarationText | None = None

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

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
    meetings = rows(application, "meetings")
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

    certificates = rows(application, "police_certificates")
    attest_missing, needed, done = [], 0, 0
    people = attest_people(application, today)
    for person in people:
        for attest_type in person.required:
            needed += 1
            label = AttestType(attest_type).label
            shown = attests_shown(person, attest_type, certificates)
            if any(c.acceptable for c in shown):
                done += 1
            elif not shown:
                attest_missing.append(_("Politiattest (%(type)s) mangler for %(name)s.") % {"type": label, "name": person.name})
            elif any(c.needs_assessment for c in shown):
                attest_missing.append(
                    _("Politiattesten (%(type)s) til %(name)s har merknader som ikke er vurdert.") % {"type": label, "name": person.name}
                )
            else:
                attest_missing.append(
                    _("Politiattesten (%(type)s) til %(name)s har merknader som er vurdert som ikke forenlige med oppdraget.")
                    % {"type": label, "name": person.name}
                )
    items.append(Item("attests", _("politiattest"), done, needed, attest_missing))

    if text is _CURRENT:
        text = current_declaration_text()
    signatures = rows(application, "declaration_signatures")
    declaration_missing = []
    for key, name in signers(application):
        if text is None or not any(s.person_key == key and s.text_id == text.pk for s in signatures):
            declaration_missing.append(_("Taushetserklæring (versjon %(v)s) er ikke signert av %(name)s.") % {
                "v": text.version if text else "–", "name": name,
            })
    items.append(Item("declaration", _("taushetserklæring"), 0 if declaration_missing else 1, 1, declaration_missing))

    agreements = current_agreements(application=application)
    plan = agreement_plan(application)
    agreement_missing, signed = [], 0
    for planned in plan:
        agreement = next((a for a in agreements if planned.matches(a)), None)
        what = agreement_label(planned.kind, planned.home_type, dict(planned.parties).get(planned.person_key, ""))
        if agreement is None:
            agreement_missing.append(_("%(agreement)s er ikke laget.") % {"agreement": what})
            continue
        unsigned = [p.name for p in rows(agreement, "parties") if not p.signed_at]
        for name in unsigned:
            agreement_missing.append(_("%(agreement)s er ikke signert av %(name)s.") % {"agreement": what, "name": name})
        if not agreement.caseworker_signed_at:
            agreement_missing.append(_("%(agreement)s er ikke signert av kommunen.") % {"agreement": what})
        if not unsigned and agreement.caseworker_signed_at:
            signed += 1
    items.append(Item("agreement", _("avtale"), signed, len(plan), agreement_missing))
    return Checklist(items, people=people, plan=plan, agreements=agreements, declaration_text=text)


def agreement_label(kind: str, home_type: str, employee: str = "") -> str:
    """«Oppdragsavtalen for besøkshjem», «Arbeidsavtalen for avlastningshjem (Ola Testesen)»."""
    label = (_("Arbeidsavtalen for %(role)s") if kind == AgreementKind.EMPLOYMENT else _("Oppdragsavtalen for %(role)s")) % {
        "role": HomeType(home_type).label.lower(),
    }
    return f"{label} ({employee})" if employee else label


@dataclass(frozen=True)
class NextAction:
    """The one thing the caseworker does next on a case: shown on top of the case page with its form, and in words on
    the dashboard.

    `key` is the case page's action, which is also its form's slot ("" when the case waits for someone else);
    `concerns` names who or what it is about; `initial` pre-fills its form; `waiting` says what else the case waits
    for, out of the caseworker's hands (a meeting ahead, the applicants' signatures).
    """

    key: str
    label: str
    concerns: str = ""
    initial: dict = field(default_factory=dict)
    waiting: tuple[str, ...] = ()


def meeting_words(meeting) -> str:
    """«Samtale 3.3.2026 kl. 10:00»."""
    return _("%(kind)s %(when)s") % {"kind": meeting.get_kind_display(),
                                     "when": dateformat.format(timezone.localtime(meeting.starts_at), r"j. F Y \k\l. H:i")}


def _attest_step(result: Checklist, certificates) -> NextAction | None:
    """The first politiattest still missing: one with remarks to assess, one assessed as not compatible (the home cannot
    be approved), or one to register, of the type the person's role requires."""
    for person in result.people:
        for attest_type in person.required:
            shown = attests_shown(person, attest_type, certificates)
            if any(c.acceptable for c in shown):
                continue
            to_assess = next((c for c in shown if c.needs_assessment), None)
            if to_assess is not None:
                return NextAction("assess", _("Vurder merknadene på politiattesten til %(name)s") % {"name": person.name},
                                  concerns=person.name, initial={"certificate": to_assess.pk})
            if shown:
                return NextAction("reject", _("Avslå søknaden: politiattesten til %(name)s er ikke forenlig med oppdraget") % {
                    "name": person.name}, concerns=person.name)
            return NextAction("attest", _("Registrer politiattest for %(name)s") % {"name": person.name}, concerns=person.name,
                              initial={"person_key": person.key, "attest_type": attest_type})
    return None


def _purpose_step(result: Checklist, application, certificates) -> NextAction | None:
    """A person who needs a formålsbekreftelse to order the politiattest (none made yet for the role, no attest shown);
    a household member known only by birth year gets the birth date recorded first (the police need it)."""
    confirmed = {(c.person_key, c.home_type) for c in rows(application, "purpose_confirmations")}
    shown = {(c.person_key, c.attest_type) for c in certificates}
    for person in result.people:
        roles = [r for r in person.roles if (person.key, r.home_type) not in confirmed and (person.key, r.attest_type) not in shown]
        if not roles:
            continue
        if person.birth_estimated:
            return NextAction("birth_date", _("Registrer fødselsdatoen til %(name)s") % {"name": person.name}, concerns=person.name,
                              initial={"member": int(person.key.removeprefix(HOUSEHOLD_KEY_PREFIX))})
        return NextAction("purpose", _("Lag formålsbekreftelse for %(name)s") % {"name": person.name}, concerns=person.name,
                          initial={"person_role": f"{person.key}|{roles[0].home_type}"})
    return None


def _agreement_step(result: Checklist) -> tuple[NextAction | None, list[str]]:
    """Make the agreements the case needs, or sign one for the kommune once the volunteers have signed it; and who has
    an agreement left to sign."""
    made = [a for a in result.agreements if any(p.matches(a) for p in result.plan)]
    if len(made) < len(result.plan):
        label = _("Lag avtalene") if len(result.plan) > 1 else _("Lag avtalen")
        return NextAction("agreement_generate", label, initial={"start_date": timezone.localdate()}), []
    waiting = []
    for agreement in made:
        unsigned = [p.name for p in rows(agreement, "parties") if not p.signed_at]
        what = agreement_label(agreement.kind, agreement.home_type)
        if unsigned:
            waiting += [_("%(name)s signerer %(agreement)s.") % {"name": n, "agreement": what.lower()} for n in unsigned]
        elif not agreement.caseworker_signed_at:
            return NextAction("agreement_sign", _("Signer avtalen for kommunen"), concerns=what, initial={"agreement": agreement.pk}), []
    return None, waiting


def next_action(application: VolunteerApplication, result: Checklist | None = None, now=None) -> NextAction | None:
    """The caseworker's next step on a case (None once it is closed), from the checklist the approval service enforces.

    The order: take the case, have it assigned, record a meeting that has taken place, the interviews one at a time
    (with the formålsbekreftelser after the first, so the police can work meanwhile), the home visit, the request to
    sign the taushetserklæring, the politiattester, the agreements and the kommune's signature, approval. A step that
    waits for someone else (a meeting ahead, the applicants' signatures) is passed over while there is something else
    to do; when there is nothing, the action is to wait (key "").
    """
    if application.status == ApplicationStatus.SUBMITTED:
        return NextAction("take", _("Ta saken til behandling"))
    if application.status != ApplicationStatus.IN_REVIEW:
        return None
    now = now or timezone.now()
    result = result or checklist(application, today=timezone.localdate(now))
    if application.assigned_to_id is None:
        return NextAction("assign", _("Tildel saken"))
    planned = sorted((m for m in rows(application, "meetings") if m.status == MeetingStatus.SCHEDULED), key=lambda m: m.starts_at)
    past = [m for m in planned if m.starts_at <= now]
    if past:
        label = _("Registrer samtalen som gjennomført") if past[0].kind == MeetingKind.INTERVIEW else _("Registrer hjemmebesøket som gjennomført")
        return NextAction("held", label, concerns=meeting_words(past[0]), initial={"meeting": past[0].pk})
    ahead = {kind: [m for m in planned if m.kind == kind] for kind in MeetingKind.values}
    waiting = [_("%(meeting)s er avtalt.") % {"meeting": meeting_words(m)} for m in planned]
    interviews, visits = result.item("interviews"), result.item("home_visits")
    schedule = {"caseworker": application.assigned_to_id}
    certificates = rows(application, "police_certificates")
    if interviews.done >= min(1, interviews.needed) and (step := _purpose_step(result, application, certificates)):
        return replace(step, waiting=tuple(waiting))
    if interviews.done < interviews.needed and not ahead[MeetingKind.INTERVIEW]:
        label = _("Avtal første samtale") if interviews.done == 0 else _("Avtal neste samtale")
        return NextAction("schedule", label, initial={**schedule, "kind": MeetingKind.INTERVIEW}, waiting=tuple(waiting))
    if interviews.done < interviews.needed:
        return NextAction("", _("Vent til samtalen er holdt"), waiting=tuple(waiting))
    if visits.done < visits.needed:
        if ahead[MeetingKind.HOME_VISIT]:
            return NextAction("", _("Vent til hjemmebesøket er holdt"), waiting=tuple(waiting))
        return NextAction("schedule", _("Avtal hjemmebesøk"), initial={**schedule, "kind": MeetingKind.HOME_VISIT}, waiting=tuple(waiting))
    if application.declaration_requested_at is None:
        return NextAction("declaration_request", _("Be om signering av taushetserklæringen"), waiting=tuple(waiting))
    waiting += result.item("declaration").missing
    if step := _attest_step(result, certificates):
        return replace(step, waiting=tuple(waiting))
    step, unsigned = _agreement_step(result)
    waiting += unsigned
    if step:
        return replace(step, waiting=tuple(waiting))
    if result.complete:
        return NextAction("approve", _("Godkjenn hjemmet"))
    return NextAction("", _("Vent på søkerne"), waiting=tuple(waiting or result.missing))


def next_step(application: VolunteerApplication, result: Checklist | None = None) -> str:
    """The caseworker's next step on a case, in words (`result`: its checklist, if the caller has it already)."""
    action = next_action(application, result)
    return action.label if action else "–"
