"""The IDOR walk: every URL pattern that takes an object id, a token or a key is requested, with the ids of Bergen's
objects, by everyone who must not reach them, and must answer 404 (or send an anonymous visitor to the login page),
show none of the case's references or names and change nothing.

`URLS` says, for each such pattern, how to fill it from seeded data (tests/security/idor_world.py) and who may open
it. `test_every_url_with_an_id_is_in_the_table` walks the project's URL resolver (the admin site's `get_urls()` of
every registered ModelAdmin, the workspace, the public links) and fails on a pattern with a kwarg the table does not
cover, so a new URL is walked from the day it is added.

Who tries:
- workspace and admin URLs (`Staff`): an anonymous visitor (302 to /admin/login/), a caseworker and a kommune admin of
  Lillestrøm (404, also with their own object in the parent id and Bergen's in the rest), a Bergen caseworker of the
  other unit for barnevern and parents' objects (404), a Bergen caseworker who is not an admin on admin-only pages;
  GET, and POST with an empty body, a body naming Bergen's ids and, on action pages, every action. Then the rightful
  user opens it (200), so a pattern filled wrongly cannot pass by answering 404 to everybody.
- applicant links (`Link`): a tampered token, the same case's token of each other purpose, another applicant's valid
  token with this object's id, an expired link and a revoked one (404); then the valid token.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from applications import links
from applications.caseworker import child_welfare_case, home_page, need_page, respite_case, volunteer_case
from applications.intake.respite_steps import RESPITE
from applications.intake.volunteer_steps import STEPS as VOLUNTEER_STEPS
from besokshjem.core.tokens import CO_PARTY, RESUME, STATUS, case_token
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Role
from placements.feeds import feed_revoke

from ..factories import UserFactory, make_caseworker
from .idor_world import World

CHILD_WELFARE, HEALTH_CARE = LegalTrack.CHILD_WELFARE, LegalTrack.HEALTH_CARE
PURPOSES = (STATUS, RESUME, CO_PARTY)


# --- The table -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """A workspace or admin URL for the kommune's caseworkers."""

    fill: Callable[[World], dict]
    track: str | None = None  # the unit whose members alone may open it (None: every caseworker of the kommune)
    parent: str | None = None  # the kwarg an outsider fills with their own object, keeping Bergen's ids in the rest
    actions: Callable[[], dict] | None = None  # the page's POST actions (each is posted)
    admin_only: bool = False  # for the kommune's admins alone
    owner_status: int | None = 200  # what the rightful user gets on GET; None: not checked (say why in `note`)
    note: str = ""


@dataclass(frozen=True)
class SuperuserOnly:
    """An admin page only superusers open (users, groups, lock-outs): every caseworker gets 403, whatever the id."""

    fill: Callable[[World], dict]


@dataclass(frozen=True)
class Link:
    """A public page behind an applicant's signed link."""

    case: Callable[[World], object]
    purpose: str
    fill: Callable[[World], dict] = field(default=lambda w: {})
    post_only: bool = False
    owner_status: int = 200
    owner_body: Callable[[World], dict] = field(default=lambda w: {})  # what the valid link posts (post_only)


@dataclass(frozen=True)
class NoObject:
    """A pattern whose kwargs name no private object (a kommune's public page, an app label), with the reason."""

    reason: str


def _pk(obj) -> int:
    return obj.pk


def _admin(name: str, fill, **options) -> dict:
    """The change, delete and history pages Django's admin makes for a model, and its unnamed redirect alias."""
    pages = {f"admin:{name}_{view}": Staff(fill=fill, **options) for view in ("change", "history")}
    pages[f"admin:{name}_delete"] = Staff(fill=fill, **{**options, "owner_status": 403}, note="only superusers delete")
    return pages | {
        f"admin/{name.replace('_', '/', 1)}/<path:object_id>/": NoObject("Django's redirect to the change page, walked above")}


def _superuser_admin(name: str, fill) -> dict:
    return {f"admin:{name}_{view}": SuperuserOnly(fill=fill) for view in ("change", "delete", "history")} | {
        f"admin/{name.replace('_', '/', 1)}/<path:object_id>/": NoObject("Django's redirect to the change page, walked above")}


def _group(world):
    return Group.objects.get_or_create(name="Fylkesgruppe")[0]


def _lockout(world):
    return AccessAttempt.objects.get_or_create(username=world.caseworker.email, ip_address="192.0.2.1",
                                               defaults={"user_agent": "test", "failures_since_start": 1})[0]


def _cw(pk, **more):
    return lambda w: {"pk": pk(w).pk, **{k: v(w) for k, v in more.items()}}


PUBLIC = NoObject("a kommune's public page or form start: no private object")

URLS = {
    # The workspace (applications/caseworker/urls.py).
    "caseworker:need": Staff(_cw(lambda w: w.need), track=HEALTH_CARE, actions=lambda: need_page.ACTIONS),
    "caseworker:placement_agreement_pdf": Staff(_cw(lambda w: w.need, placement_pk=lambda w: w.placement.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:home": Staff(_cw(lambda w: w.home), actions=lambda: home_page.ACTIONS),
    "caseworker:case": Staff(_cw(lambda w: w.volunteer), actions=lambda: volunteer_case.ACTIONS),
    "caseworker:case_agreement_pdf": Staff(_cw(lambda w: w.volunteer, agreement_pk=lambda w: w.agreement.pk), parent="pk"),
    "caseworker:case_purpose_confirmation_pdf": Staff(_cw(lambda w: w.volunteer, confirmation_pk=lambda w: w.purpose_confirmation.pk), parent="pk"),
    "caseworker:child_welfare_case": Staff(_cw(lambda w: w.barnevern), track=CHILD_WELFARE, actions=lambda: child_welfare_case.ACTIONS),
    "caseworker:child_welfare_decision_preview": Staff(
        lambda w: {"pk": w.barnevern_draft_decision.child_welfare_case_id, "decision_pk": w.barnevern_draft_decision.pk},
        track=CHILD_WELFARE, parent="pk", actions=lambda: child_welfare_case.PREVIEW.actions()),
    "caseworker:child_welfare_letter_pdf": Staff(_cw(lambda w: w.barnevern, decision_pk=lambda w: w.barnevern_decision.pk), track=CHILD_WELFARE, parent="pk"),
    "caseworker:child_welfare_party_letter_pdf": Staff(
        _cw(lambda w: w.barnevern, decision_pk=lambda w: w.barnevern_decision.pk, party_key=lambda w: w.barnevern_party_key),
        track=CHILD_WELFARE, parent="pk"),
    "caseworker:child_welfare_appeal_preview": Staff(
        _cw(lambda w: w.barnevern, appeal_pk=lambda w: w.barnevern_appeal_drafted.pk), track=CHILD_WELFARE, parent="pk",
        actions=lambda: child_welfare_case.APPEALS._preview_actions()),
    "caseworker:child_welfare_appeal_attachment": Staff(_cw(lambda w: w.barnevern, appeal_pk=lambda w: w.barnevern_appeal.pk), track=CHILD_WELFARE, parent="pk"),
    "caseworker:child_welfare_appeal_answer_pdf": Staff(_cw(lambda w: w.barnevern, appeal_pk=lambda w: w.barnevern_appeal.pk), track=CHILD_WELFARE, parent="pk"),
    "caseworker:child_welfare_forwarding_pdf": Staff(_cw(lambda w: w.barnevern, appeal_pk=lambda w: w.barnevern_appeal.pk), track=CHILD_WELFARE, parent="pk"),
    "caseworker:respite_case": Staff(_cw(lambda w: w.respite), track=HEALTH_CARE, actions=lambda: respite_case.ACTIONS),
    "caseworker:respite_appeal_preview": Staff(
        _cw(lambda w: w.respite, appeal_pk=lambda w: w.respite_appeal_drafted.pk), track=HEALTH_CARE, parent="pk",
        actions=lambda: respite_case.APPEALS._preview_actions()),
    "caseworker:respite_decision_preview": Staff(
        _cw(lambda w: w.respite, decision_pk=lambda w: w.respite_draft_decision.pk), track=HEALTH_CARE, parent="pk",
        actions=lambda: respite_case.PREVIEW.actions()),
    "caseworker:respite_draft_pdf": Staff(_cw(lambda w: w.respite, decision_pk=lambda w: w.respite_draft_decision.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:respite_attachment": Staff(_cw(lambda w: w.respite, attachment_pk=lambda w: w.attachment.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:respite_appeal_attachment": Staff(_cw(lambda w: w.respite, appeal_pk=lambda w: w.respite_appeal.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:respite_letter_pdf": Staff(_cw(lambda w: w.respite, decision_pk=lambda w: w.respite_decision.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:respite_appeal_answer_pdf": Staff(_cw(lambda w: w.respite, appeal_pk=lambda w: w.respite_appeal.pk), track=HEALTH_CARE, parent="pk"),
    "caseworker:respite_forwarding_pdf": Staff(_cw(lambda w: w.respite, appeal_pk=lambda w: w.respite_appeal.pk), track=HEALTH_CARE, parent="pk"),
    # The admin site's own pages.
    "admin:otp_reset": Staff(lambda w: {"municipality_pk": w.municipality.pk, "user_pk": w.caseworker.pk}, admin_only=True,
                             parent="municipality_pk"),
    "admin:view_on_site": Staff(
        lambda w: {"content_type_id": str(ContentType.objects.get_for_model(w.respite).pk), "object_id": str(w.respite.pk)},
        owner_status=None, note="no model has get_absolute_url: 404 for everybody"),
    "admin:tenancy_municipality_member_add": Staff(lambda w: {"object_id": w.municipality.pk}, admin_only=True),
    "admin:applications_retentionrules_report": Staff(lambda w: {"pk": w.retention_rules.pk}, admin_only=True),
    "admin:applications_volunteerapplication_status": Staff(lambda w: {"object_id": w.volunteer.pk}),
    **_admin("tenancy_municipality", lambda w: {"object_id": w.municipality.pk}),
    **_admin("audit_auditentry", lambda w: {"object_id": w.audit_entry.pk}),
    **_admin("audit_accessentry", lambda w: {"object_id": w.access_entry.pk}, admin_only=True),
    **_admin("outbox_message", lambda w: {"object_id": w.message.pk}),
    **_admin("applications_volunteerapplication", lambda w: {"object_id": w.volunteer.pk}),
    **_admin("applications_respiteapplication", lambda w: {"object_id": w.respite.pk}, track=HEALTH_CARE),
    **_admin("placements_approvedhome", lambda w: {"object_id": w.home.pk}),
    **_admin("placements_ratetable", lambda w: {"object_id": w.rate_table.pk}),
    **_admin("placements_employmentterms", lambda w: {"object_id": w.employment_terms.pk}),
    **_admin("placements_placementsettings", lambda w: {"object_id": w.placement_settings.pk}),
    **_admin("placements_agreement", lambda w: {"object_id": w.agreement.pk}),
    **_admin("placements_need", lambda w: {"object_id": w.need.pk}, track=HEALTH_CARE),
    **_admin("placements_proposal", lambda w: {"object_id": w.proposal.pk}, track=HEALTH_CARE),
    **_admin("placements_placement", lambda w: {"object_id": w.placement.pk}, track=HEALTH_CARE),
    **_admin("applications_retentionrules", lambda w: {"object_id": w.retention_rules.pk}),
    **_superuser_admin("auth_group", lambda w: {"object_id": _group(w).pk}),
    **_superuser_admin("accounts_user", lambda w: {"object_id": w.caseworker.pk}),
    "admin:auth_user_password_change": SuperuserOnly(lambda w: {"id": w.caseworker.pk}),
    **_superuser_admin("axes_accessattempt", lambda w: {"object_id": _lockout(w).pk}),
    # National data every caseworker reads (the law, KS' tariff minimums): no kommune's object.
    **{f"admin:{m}_{v}": NoObject("national data, the same for every kommune") for m in ("legal_legalreference", "placements_tariffminimum")
       for v in ("change", "delete", "history")},
    "admin/legal/legalreference/<path:object_id>/": NoObject("national data"),
    "admin/placements/tariffminimum/<path:object_id>/": NoObject("national data"),
    "admin:app_list": NoObject("an app label, not an object"),
    "admin/(?P<url>.*)$": NoObject("the admin's catch-all: 404 or a redirect to login"),
    "password_set": NoObject("Django's password-reset token for an invited member (tests/security/test_members.py)"),
    # The public forms and pages.
    "applications:start": PUBLIC,
    "applications:respite_start": PUBLIC,
    "municipality": PUBLIC,
    "municipality_privacy": PUBLIC,
    "respite_page": PUBLIC,
    "home_type": PUBLIC,
    # A draft behind its resume link.
    "applications:resume": Link(lambda w: w.volunteer_draft, RESUME, owner_status=302),
    "applications:review": Link(lambda w: w.volunteer_draft, RESUME),
    "applications:receipt": Link(lambda w: w.volunteer_draft, RESUME, owner_status=302),
    "applications:step": Link(lambda w: w.volunteer_draft, RESUME, lambda w: {"step": VOLUNTEER_STEPS[0].slug}),
    "applications:respite_resume": Link(lambda w: w.respite_form_draft, RESUME, owner_status=302),
    "applications:respite_review": Link(lambda w: w.respite_form_draft, RESUME),
    "applications:respite_receipt": Link(lambda w: w.respite_form_draft, RESUME, owner_status=302),
    "applications:respite_step": Link(lambda w: w.respite_form_draft, RESUME, lambda w: {"step": RESPITE.steps[0].slug}),
    # A parent's status page, and the other guardian's page.
    "applications:respite_status": Link(lambda w: w.respite_decision.application, STATUS),
    "applications:respite_withdraw": Link(lambda w: w.respite, STATUS),
    "applications:respite_appeal": Link(lambda w: w.respite_decision.application, STATUS, post_only=True),
    "applications:respite_letter": Link(lambda w: w.respite, STATUS, lambda w: {"pk": w.respite_decision.pk}),
    "applications:respite_letter_pdf": Link(lambda w: w.respite, STATUS, lambda w: {"pk": w.respite_decision.pk}),
    "applications:respite_interim_reply_pdf": Link(lambda w: w.respite, STATUS, lambda w: {"pk": w.interim_reply.pk}),
    "applications:respite_appeal_answer_pdf": Link(lambda w: w.respite, STATUS, lambda w: {"pk": w.respite_appeal.pk}),
    "applications:respite_appeal_attachment": Link(lambda w: w.respite, STATUS, lambda w: {"pk": w.respite_appeal.pk}),
    "applications:respite_document": Link(lambda w: w.respite, STATUS, post_only=True),
    "applications:respite_feed_renew": Link(lambda w: w.family_feed.need.decision.application, STATUS, post_only=True,
                                             owner_body=lambda w: {"feed": w.family_feed.pk}),
    "applications:respite_co_party": Link(lambda w: w.respite_decision.application, CO_PARTY),
    "applications:respite_co_party_letter_pdf": Link(lambda w: w.respite, CO_PARTY, lambda w: {"pk": w.respite_decision.pk}),
    # The applicant's appeal is not the other guardian's to download: 404 on their link too (their own appeal's
    # attachment opens: tests/respite/test_appeal_on_status_page.py).
    "applications:respite_co_party_appeal_attachment": Link(lambda w: w.respite, CO_PARTY, lambda w: {"pk": w.respite_appeal.pk},
                                                            owner_status=404),
    # A volunteer's status page, and the approved home's.
    "applications:status": Link(lambda w: w.volunteer, STATUS),
    "applications:withdraw": Link(lambda w: w.volunteer, STATUS),
    "applications:sign_declaration": Link(lambda w: w.volunteer, STATUS, post_only=True),
    "applications:sign_agreement": Link(lambda w: w.volunteer, STATUS, lambda w: {"pk": w.agreement.pk}, post_only=True),
    "applications:agreement_pdf": Link(lambda w: w.volunteer, STATUS, lambda w: {"pk": w.agreement.pk}),
    "applications:purpose_confirmation_pdf": Link(lambda w: w.volunteer, STATUS, lambda w: {"pk": w.purpose_confirmation.pk}),
    "applications:feed_renew": Link(lambda w: w.home_feed.home.application, STATUS, post_only=True,
                                     owner_body=lambda w: {"feed": w.home_feed.pk}),
    "applications:answer_proposal": Link(lambda w: w.home.application, STATUS, lambda w: {"pk": w.proposal.pk}, post_only=True),
    "applications:placement_agreement_pdf": Link(lambda w: w.home.application, STATUS, lambda w: {"pk": w.placement.pk}),
    "applications:confirm_time_sheet": Link(lambda w: w.home.application, STATUS, lambda w: {"pk": w.time_sheet.pk}, post_only=True),
    # A calendar feed: its key is the secret (tests below).
    "applications:calendar_feed": NoObject("a feed's random key: test_a_calendar_feed_opens_only_with_its_own_live_key"),
}


# --- Walking the resolver -------------------------------------------------------------------------------------------


def _kwargs_of(pattern) -> set[str]:
    return set(pattern.converters) if isinstance(pattern, RoutePattern) else set(pattern.regex.groupindex)


def walk(resolver=None, prefix="", namespace="", kwargs=frozenset()):
    """(key, route, kwargs) of every pattern: the key is its name with namespace, or its route when it has no name."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        names = kwargs | _kwargs_of(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p, prefix + str(p.pattern), f"{namespace}{p.namespace}:" if p.namespace else namespace, names)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            yield (f"{namespace}{p.name}" if p.name else route), route, names


def test_every_url_with_an_id_is_in_the_table():
    found = {key: route for key, route, names in walk() if names}
    assert not set(found) - set(URLS), (
        "URL patterns with an id, token or key that the IDOR walk does not cover; add them to URLS: "
        f"{ {k: found[k] for k in sorted(set(found) - set(URLS))} }")
    assert not set(URLS) - set(found), f"URLS names patterns that are gone: {sorted(set(URLS) - set(found))}"


def test_the_walk_sees_every_registered_model_admin():
    keys = {key for key, _route, _names in walk()}
    for model in admin.site._registry:
        assert f"admin:{model._meta.app_label}_{model._meta.model_name}_change" in keys, model


# --- Fixtures and checks -------------------------------------------------------------------------------------------


class _StubPdf:
    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n% stub\n"


@pytest.fixture(autouse=True)
def _fast_pdfs(monkeypatch):
    """Letters are rendered from their templates as usual, without WeasyPrint's layout (it is slow; tests/core checks it)."""
    monkeypatch.setattr("besokshjem.core.pdf.HTML", _StubPdf)


@dataclass
class People:
    bergen: World
    other: World  # Lillestrøm's own objects, for ids mixed with Bergen's
    anonymous: Client
    outsiders: dict  # name -> logged-in client of Lillestrøm
    wrong_unit: dict  # track of an object -> a Bergen client of the other unit
    bergen_caseworker: Client  # not a kommune admin
    bergen_admin: Client
    superuser: Client


def _client(user) -> Client:
    client = Client()
    client.force_login(user)  # with the second factor (tests/second_factor.py)
    return client


@pytest.fixture
def people(db, bergen, bergen_caseworker, lillestrom, lillestrom_caseworker):
    bergen_admin = make_caseworker(bergen, email="admin@bergen.example.no", role=Role.ADMIN)
    lillestrom_admin = make_caseworker(lillestrom, email="admin@lillestrom.example.no", role=Role.ADMIN)
    health = make_caseworker(bergen, email="helse@bergen.example.no", tracks=[HEALTH_CARE])
    child_welfare = make_caseworker(bergen, email="barnevern@bergen.example.no", tracks=[CHILD_WELFARE])
    superuser = UserFactory(email="drift@example.no", is_superuser=True)
    return People(
        bergen=World(bergen, bergen_caseworker), other=World(lillestrom, lillestrom_caseworker), anonymous=Client(),
        outsiders={"Lillestrøm caseworker": _client(lillestrom_caseworker), "Lillestrøm kommune admin": _client(lillestrom_admin)},
        wrong_unit={CHILD_WELFARE: _client(health), HEALTH_CARE: _client(child_welfare)},
        bergen_caseworker=_client(bergen_caseworker), bergen_admin=_client(bergen_admin), superuser=_client(superuser),
    )


def _instances(world: World) -> list:
    return [v for v in vars(world).values() if hasattr(v, "_meta") and getattr(v, "pk", None)]


def secrets_of(world: World) -> list[str]:
    """What no refused request may show: the references and (prefixed, so unique) names of the world's cases."""
    found = set()
    for obj in _instances(world):
        for attr in ("reference", "last_name", "child_last_name"):
            value = getattr(obj, attr, "")
            if isinstance(value, str) and world.prefix in value:
                found.add(value)
    return sorted(found)


def rows_of(world: World) -> dict:
    """Every seeded row of the world, as the database has it."""
    return {(type(o)._meta.label, o.pk): list(type(o)._base_manager.filter(pk=o.pk).values()) for o in _instances(world)}


def snapshot(world: World) -> dict:
    """The row counts of every model of the project (the access log included: a refused request is no read) and every
    seeded row."""
    counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()
              if m._meta.app_label in {"applications", "placements", "outbox", "audit", "tenancy", "accounts", "otp_totp", "auth"}}
    return {"counts": counts, "rows": rows_of(world)}


def changes(before: dict, after: dict) -> list:
    """What differs between two snapshots: the models whose count changed, the rows that changed."""
    diff = [(label, n, after["counts"].get(label)) for label, n in before["counts"].items() if after["counts"].get(label) != n]
    return diff + [key for key, rows in before["rows"].items() if after["rows"].get(key) != rows]


def forged_body(world: World, action: str = "") -> dict:
    """A POST body naming every seeded object of the world by its model name, with plausible answers."""
    body = {type(o)._meta.model_name: o.pk for o in _instances(world)}
    body |= {"pk": next(iter(body.values()), 1), "decision": getattr(world.__dict__.get("respite_decision"), "pk", 1),
             "feed": getattr(world.__dict__.get("home_feed") or world.__dict__.get("family_feed"), "pk", 1),
             "text": "Forfalsket", "post": "yes", "confirmed": "on", "typed_name": "Kari Testesen", "answer": "True",
             "held": [1, 2, 3], "kilometres": "1", "confirmed_by_name": "Kari Testesen", "status": "approved", "reason": "x"}
    if action:
        body["action"] = action
    return body


def refused(response, allowed, secrets, who, what):
    code = response.status_code
    location = response.get("Location", "")
    login = code == 302 and location.startswith("/admin/login/")
    assert code in allowed or ("login" in allowed and login), f"{who} {what}: {code} {location}"
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    leaked = [s for s in secrets if s in body]
    assert not leaked, f"{who} {what}: the body shows {leaked}"


def _url(key: str, kwargs: dict) -> str:
    return reverse(key, kwargs=kwargs)


# --- Workspace and admin --------------------------------------------------------------------------------------------


STAFF = sorted(k for k, v in URLS.items() if isinstance(v, Staff))
SUPERUSER = sorted(k for k, v in URLS.items() if isinstance(v, SuperuserOnly))
LINKS = sorted(k for k, v in URLS.items() if isinstance(v, Link))


def _try(client, url, world, actions, secrets, who, allowed):
    refused(client.get(url), allowed, secrets, who, f"GET {url}")
    refused(client.post(url, {}), allowed, secrets, who, f"POST {url} (empty)")
    refused(client.post(url, forged_body(world)), allowed, secrets, who, f"POST {url} (forged ids)")
    for action in actions:
        refused(client.post(url, forged_body(world, action)), allowed, secrets, who, f"POST {url} action={action}")


@pytest.mark.parametrize("name", STAFF)
def test_nobody_outside_the_kommune_or_unit_opens_a_workspace_or_admin_url(name, people):
    spec = URLS[name]
    world = people.bergen
    kwargs = spec.fill(world)
    url = _url(name, kwargs)
    actions = list(spec.actions()) if spec.actions else []
    mixed = None
    if spec.parent and len(kwargs) > 1:  # Lillestrøm's own object in the parent id, Bergen's in the rest
        mixed = _url(name, {**kwargs, spec.parent: spec.fill(people.other)[spec.parent]})
    own = _url(name, spec.fill(people.other)) if spec.actions else None
    secrets = secrets_of(world)
    before = snapshot(world)

    _try(people.anonymous, url, world, actions, secrets, "anonymous", {"login"})
    for who, client in people.outsiders.items():
        _try(client, url, world, actions, secrets, who, {404})
    if spec.track:
        _try(people.wrong_unit[spec.track], url, world, actions, secrets, f"Bergen caseworker outside the {spec.track} unit", {404})
    if spec.admin_only:
        _try(people.bergen_caseworker, url, world, actions, secrets, "Bergen caseworker (not admin)", {404})
    if mixed:
        for who, client in people.outsiders.items():
            refused(client.get(mixed), {404}, secrets, who, f"GET {mixed} (own {spec.parent}, Bergen's other ids)")
            refused(client.post(mixed, forged_body(world)), {404}, secrets, who, f"POST {mixed} (own {spec.parent})")
    after = snapshot(world)
    assert after == before, f"{name}: a refused request changed the database: {changes(before, after)}"

    if own:  # Lillestrøm's own page, with Bergen's ids in the body: Bergen's rows stay as they are
        rows = rows_of(world)
        for action in actions:
            people.outsiders["Lillestrøm caseworker"].post(own, forged_body(world, action))
        assert rows_of(world) == rows, f"{name}: an action on Lillestrøm's own page changed Bergen's rows"

    if spec.owner_status is not None:
        owner = people.bergen_admin if spec.admin_only else people.bergen_caseworker
        response = owner.get(url)
        assert response.status_code == spec.owner_status, f"the rightful user got {response.status_code} on {url}: the table fills it wrongly"


@pytest.mark.parametrize("name", SUPERUSER)
def test_superuser_only_admin_pages_refuse_every_caseworker(name, people):
    spec = URLS[name]
    world = people.bergen
    url = _url(name, spec.fill(world))
    secrets = [world.caseworker.email]
    before = snapshot(world)
    _try(people.anonymous, url, world, [], secrets, "anonymous", {"login"})
    for who, client in {**people.outsiders, "Bergen caseworker": people.bergen_caseworker, "Bergen admin": people.bergen_admin}.items():
        _try(client, url, world, [], secrets, who, {403, 404})
    after = snapshot(world)
    assert after == before, changes(before, after)
    assert people.superuser.get(url).status_code == 200


# --- Applicant links ------------------------------------------------------------------------------------------------


def _tampered(token: str) -> str:
    value, _sep, signature = token.rpartition(":")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{value}:{flipped}"


@pytest.mark.parametrize("name", LINKS)
def test_an_applicant_link_opens_nothing_with_a_bad_wrong_expired_or_revoked_token(name, people, monkeypatch):
    spec = URLS[name]
    world = people.bergen
    case = spec.case(world)
    extra = spec.fill(world)
    old_token = case_token(case, purpose=spec.purpose)
    type(case).objects.filter(pk=case.pk).update(link_version=F("link_version") + 1)  # revoke every link made so far
    case.refresh_from_db()
    token = case_token(case, purpose=spec.purpose)
    other_case = spec.case(World(world.municipality, world.caseworker))  # another applicant of the same kommune

    bad = {
        "a tampered token": _tampered(token),
        "a revoked token": old_token,
        **{f"the case's {p} token": case_token(case, purpose=p) for p in PURPOSES if p != spec.purpose},
    }
    if "pk" in extra:
        bad["another applicant's valid token"] = case_token(other_case, purpose=spec.purpose)
    secrets = secrets_of(world)
    before = snapshot(world)
    allowed_get = {404, 405} if spec.post_only else {404}
    for what, bad_token in bad.items():
        url = _url(name, {"token": bad_token, **extra})
        refused(people.anonymous.get(url), allowed_get, secrets, what, f"GET {url}")
        refused(people.anonymous.post(url, {}), {404}, secrets, what, f"POST {url} (empty)")
        refused(people.anonymous.post(url, forged_body(world)), {404}, secrets, what, f"POST {url} (forged)")
    if not case.is_draft:  # a draft's resume link lives as long as the draft
        url = _url(name, {"token": token, **extra})
        with monkeypatch.context() as patch:
            patch.setattr(links, "link_open_until", lambda case: timezone.now() - timedelta(days=1))
            refused(people.anonymous.get(url), allowed_get, secrets, "an expired link", f"GET {url}")
            refused(people.anonymous.post(url, forged_body(world)), {404}, secrets, "an expired link", f"POST {url}")
    after = snapshot(world)
    assert after == before, f"{name}: a refused request changed the database: {changes(before, after)}"

    url = _url(name, {"token": token, **extra})
    response = people.anonymous.post(url, spec.owner_body(world)) if spec.post_only else people.anonymous.get(url)
    if spec.post_only:
        assert response.status_code in (200, 302, 400), f"the valid link got {response.status_code} on {url}: the table fills it wrongly"
    else:
        assert response.status_code == spec.owner_status, f"the valid link got {response.status_code} on {url}: the table fills it wrongly"


def test_a_calendar_feed_opens_only_with_its_own_live_key(people):
    world = people.bergen
    home_feed, family_feed = world.home_feed, world.family_feed
    for feed in (home_feed, family_feed):
        assert people.anonymous.get(_url("applications:calendar_feed", {"key": feed.key})).status_code == 200
    assert people.anonymous.get(_url("applications:calendar_feed", {"key": uuid.uuid4()})).status_code == 404
    feed_revoke(feed=home_feed)
    response = people.anonymous.get(_url("applications:calendar_feed", {"key": home_feed.key}))
    refused(response, {404}, secrets_of(world), "a revoked feed", "GET")

