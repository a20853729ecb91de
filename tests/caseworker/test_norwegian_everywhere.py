"""Norwegian everywhere in the caseworker workspace (issue #15): every admin and workspace page, opened by a kommune
admin in bokmål, shows no internal code, no English admin text and no ISO date; opened in English, no Norwegian chrome.

One world is built for the module (tests/security/idor_world.py: one object of every kind, so the pages have content,
audit entries and notes included); each page is one test. What the pages must not show is gathered from the code:
- internal codes: every value of the project's TextChoices that is not a word of its own Norwegian label
  («complete_extended», «visiting», «granted»), matched as a whole word;
- English admin text: the msgids of Django's admin catalogues (where Django's own nb catalogue has no Norwegian, the
  project's besokshjem/core/locale_admin/ has);
- ISO dates (2027-01-12) anywhere outside a form field and a web address.
Read is what a reader sees or hears: the text outside <script>, <style> and form fields, and the attributes a screen
reader speaks (aria-label, title, alt, placeholder) or a button shows; never option values or hidden inputs.
"""

import re
from datetime import timedelta
from functools import cache, cached_property
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from faker.providers.person.no_NO import Provider as NorwegianNames

from applications.models import AttestOutcome, MeetingKind, PersonRole
from applications.volunteer import services as volunteer_services
from besokshjem.audit.registry import note_label
from besokshjem.tenancy.choices import AgreementKind, HomeType
from besokshjem.tenancy.models import Role
from placements.models import Agreement

from ..factories import make_caseworker, make_municipality
from ..module_data import module_data
from ..security.idor_world import World
from ..security.test_idor_walk import URLS, Staff

PROJECT_PACKAGES = ("applications", "placements", "besokshjem")
ADMIN_LOCALE = Path(django.__file__).parent / "contrib" / "admin" / "locale"
OVERRIDES = Path(settings.BASE_DIR) / "besokshjem" / "core" / "locale_admin" / "nb" / "LC_MESSAGES"

# Values that are Norwegian words too («sent»: late, «rent»: clean), and English admin words that are bokmål as well
# (the months as the admin's date drill-down writes them, capitalised: «November 2026»).
NORWEGIAN_WORDS = {"sent", "rent", "digital", "farm", "admin", "ppt"}
SAME_IN_BOKMAL = {"OK", "Django", "Django administration", "Django site admin", "Admin", "Status", "Filter", "All", "and",
                  "April", "August", "September", "November"}
# The made-up people of the test data are named at random from Faker's Norwegian names, some of which are English admin
# texts too («May», «Jan»): a person's name is not left-over English.
GIVEN_NAMES = frozenset(NorwegianNames.first_names_female) | frozenset(NorwegianNames.first_names_male) | frozenset(NorwegianNames.last_names)


# --- What the pages are read for ------------------------------------------------------------------------------------


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def internal_codes() -> frozenset[str]:
    """The values of the project's TextChoices a reader would not understand: a value that is not a word of its own
    Norwegian label (`complete_extended`, `visiting`, `granted`; not `helg` labelled «Helg»)."""
    codes = set()
    with translation.override("nb"):
        for choices in _subclasses(models.TextChoices):
            if choices.__module__.startswith(PROJECT_PACKAGES):
                codes |= {value for value, label in choices.choices if value.lower() not in re.findall(r"\w+", str(label).lower())}
    return frozenset(codes - NORWEGIAN_WORDS)


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (msgstr[0] for a plural) and the references."""
    entries, current, field = [], {"refs": ""}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:  # entries are separated by blank lines
            if current.get("msgid"):
                entries.append(current)
            current, field = {"refs": ""}, None
        elif line.startswith("#:"):
            current["refs"] += " " + line[2:]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif match := re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line):
            field = match[1]
            current[field] = match[2]
    for entry in entries:
        entry["msgstr"] = entry.get("msgstr", entry.get("msgstr[0]", ""))
        for key in ("msgid", "msgstr"):
            entry[key] = entry[key].replace('\\"', '"').replace("\\n", "\n")
    return entries


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", text))


def _literal_parts(text: str) -> list[str]:
    """A message split at its placeholders; kept: the whole message, or a part of two words or more (a lone «for»
    between placeholders is no sign of anything)."""
    parts = [part.strip(" .,:;…") for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text)]
    return [part for part in parts if len(part) > 2 and part not in SAME_IN_BOKMAL and part not in GIVEN_NAMES and (part == text or _words(part) >= 2)]


@cache
def english_admin_strings() -> tuple[str, ...]:
    """The msgids of Django's admin catalogues (their literal parts), longest first."""
    strings = set()
    for domain in ("django", "djangojs"):
        for entry in po_entries(ADMIN_LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"):
            strings.update(_literal_parts(entry["msgid"]))
    return tuple(sorted(strings, key=len, reverse=True))


@cache
def norwegian_chrome_strings() -> tuple[str, ...]:
    """What must not be left in Norwegian on an English page: the admin's own texts in bokmål (Django's nb catalogue
    and the project's overrides, the messages of two words or more), and the project's admin chrome (site titles,
    app names, the workspace templates) wherever the English catalogue translates it."""
    strings = set()
    for path in (ADMIN_LOCALE / "nb" / "LC_MESSAGES" / "django.po", OVERRIDES / "django.po"):
        strings.update(part for entry in po_entries(path) if entry["msgstr"] != entry["msgid"]
                       for part in _literal_parts(entry["msgstr"]) if _words(part) >= 2)
    chrome = ("besokshjem/urls.py", "apps.py", "templates/admin/")
    for entry in po_entries(Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"):
        if entry["msgstr"] and entry["msgstr"] != entry["msgid"] and any(place in entry["refs"] for place in chrome):
            strings.update(part for part in _literal_parts(entry["msgid"]) if _words(part) >= 2)
    return tuple(sorted(strings, key=len, reverse=True))


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WEB_ADDRESS = re.compile(r"https?://\S+")


class VisibleText(HTMLParser):
    """What a reader sees or hears: the text outside <script>, <style>, <template> and form fields, and the attributes a
    screen reader speaks or a button shows (aria-label, title, alt, placeholder, a submit button's value)."""

    SKIP = {"script", "style", "template", "textarea"}
    SPOKEN = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIP:
            self.skipping += 1
        if self.skipping:
            return
        self.parts.extend(attributes[name] for name in self.SPOKEN if attributes.get(name))
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


@cache
def _whole(word: str) -> re.Pattern:
    """The word alone: not inside another word, a code, an e-mail address or a domain («no» in «example.no»)."""
    return re.compile(rf"(?<![\w.@-]){re.escape(word)}(?![\w@-])")


def _found(strings, text: str) -> list[str]:
    """The strings the text shows, leaving out one found only inside a longer one found (strings longest first)."""
    hits = []
    for string in strings:
        if string in text and _whole(string).search(text) and not any(string in hit for hit in hits):
            hits.append(string)
    return hits


def problems_in_bokmal(html: str) -> list[str]:
    found = []
    for text in visible_text(html):
        found += [f"internal code {code!r} in «{text[:120]}»" for code in _found(sorted(internal_codes(), key=len, reverse=True), text)]
        found += [f"English {english!r} in «{text[:120]}»" for english in _found(english_admin_strings(), text)]
        found += [f"ISO date in «{text[:120]}»" for _ in ISO_DATE.findall(WEB_ADDRESS.sub("", text))]
    return sorted(set(found))


def problems_in_english(html: str) -> list[str]:
    return sorted({f"Norwegian {norwegian!r} in «{text[:120]}»" for text in visible_text(html)
                   for norwegian in _found(norwegian_chrome_strings(), text)})


# --- The pages -------------------------------------------------------------------------------------------------------

# Every workspace page (applications/caseworker/urls.py; the placements' pages are in it too). PDFs and attachments are
# files, not pages; the CSV figures likewise.
WORKSPACE = [name for name, spec in URLS.items() if isinstance(spec, Staff) and name.startswith("caseworker:")
             and not name.endswith(("_pdf", "attachment"))]
WORKSPACE_PLAIN = ["caseworker:dashboard", "caseworker:waiting_list", "caseworker:time_sheets", "caseworker:going_live",
                   "caseworker:innsyn", "caseworker:child_welfare_list", "caseworker:child_welfare_register"]
# The admin's pages of one object (change, history, the status form, the members and retention pages), where the rightful
# user gets the page (not the delete page, which only superusers open; not «view on site», which no model has).
ADMIN_OBJECT_PAGES = [name for name, spec in URLS.items() if isinstance(spec, Staff) and name.startswith("admin:")
                      and spec.owner_status == 200]
# The models whose add page a kommune admin opens (test_the_walk_opens_every_add_page_a_kommune_admin_may_open).
ADDABLE = {"applications.RetentionRules", "placements.EmploymentTerms", "placements.PlacementSettings", "placements.RateTable"}


def _admin_name(model, view: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def _caseworker_models() -> list:
    """The registered models a caseworker's admin lists: those with a change page in the IDOR table, and the national data."""
    national = {"legal.LegalReference", "placements.TariffMinimum"}
    return [m for m in admin.site._registry if isinstance(URLS.get(_admin_name(m, "change")), Staff) or m._meta.label in national]


CHANGELISTS = sorted(_admin_name(m, "changelist") for m in _caseworker_models())
ADD_PAGES = sorted(_admin_name(m, "add") for m in _caseworker_models() if m._meta.label in ADDABLE)
PAGES = sorted({*WORKSPACE, *WORKSPACE_PLAIN, *ADMIN_OBJECT_PAGES, *CHANGELISTS, *ADD_PAGES, "admin:index"})


def _notes_with_codes(world: World) -> None:
    """The volunteer's case history gets the notes that carry codes and dates: a meeting's time, a formålsbekreftelse
    («applicant: visiting, complete_extended»), a politiattest with its outcome."""
    application, by = world.volunteer, world.caseworker
    volunteer_services.meeting_schedule(application=application, kind=MeetingKind.INTERVIEW, caseworker=by, by=by,
                                        starts_at=timezone.now() + timedelta(days=7), place="Rådhuset")
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key=PersonRole.APPLICANT,
                                                                 home_type=HomeType.VISITING, by=by)
    volunteer_services.police_certificate_register(
        application=application, person_key=PersonRole.APPLICANT, attest_type=confirmation.attest_type, by=by,
        issue_date=timezone.localdate() - timedelta(days=10), shown_date=timezone.localdate(), outcome=AttestOutcome.NO_REMARKS)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Bergen with every kind of object (idor_world.World, all of it) and its kommune admin in both units; built once
    for the module and rolled back at its end. Each test runs in a savepoint inside it."""
    with module_data(django_db_blocker, tmp_path_factory), translation.override("nb"):
        bergen = make_municipality()
        kommune_admin = make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)
        seeded = World(bergen, kommune_admin)
        for name, attribute in vars(World).items():
            if isinstance(attribute, cached_property):
                getattr(seeded, name)  # every object of the world, whether a page's URL names it or not
        _notes_with_codes(seeded)
        urls = {name: reverse(name, kwargs=URLS[name].fill(seeded)) for name in WORKSPACE + ADMIN_OBJECT_PAGES}
        urls |= {name: reverse(name) for name in [*WORKSPACE_PLAIN, *CHANGELISTS, *ADD_PAGES, "admin:index"]}
        yield {"urls": urls, "user": kommune_admin, "world": seeded}


@pytest.fixture
def kommune_admin(world, db):
    client = Client()
    client.force_login(world["user"])  # with the second factor (tests/second_factor.py)
    return client


def page(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code} {response.get('Location', '')}"
    assert response["Content-Type"].startswith("text/html"), f"{url}: {response['Content-Type']}"
    return response.content.decode()


def _filter_links(html: str) -> list[str]:
    """The choices of a changelist's filters (each a query string), and its date drill-down."""
    sidebar = html.split('id="changelist-filter"', 1)[1] if 'id="changelist-filter"' in html else ""
    drill = re.findall(r'<nav class="toplinks">(.*?)</nav>', html, re.S)
    links = re.findall(r'href="(\?[^"]*)"', sidebar.split("</nav>", 1)[0] + "".join(drill))
    return sorted({link.replace("&amp;", "&") for link in links if link != "?"})


# --- In bokmål --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_a_caseworker_page_in_bokmal_shows_no_code_english_or_iso_date(name, world, kommune_admin):
    url = world["urls"][name]
    found = problems_in_bokmal(page(kommune_admin, url, "nb"))
    assert not found, f"{url}:\n" + "\n".join(found)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_filter_choice_and_a_search_of_a_list_in_bokmal_shows_no_code_english_or_iso_date(name, world, kommune_admin):
    url = world["urls"][name]
    variants = [f"{url}{query}" for query in _filter_links(page(kommune_admin, url, "nb"))] + [f"{url}?q=Kari"]
    found = {variant: problems_in_bokmal(page(kommune_admin, variant, "nb")) for variant in variants}
    found = {variant: problems for variant, problems in found.items() if problems}
    assert not found, "\n".join(f"{variant}:\n  " + "\n  ".join(problems) for variant, problems in found.items())


def test_the_walk_opens_every_add_page_a_kommune_admin_may_open(world, db):
    request = RequestFactory().get("/admin/")
    request.user = world["user"]
    addable = {m._meta.label for m, model_admin in admin.site._registry.items()
               if m in _caseworker_models() and model_admin.has_add_permission(request)}
    assert addable == ADDABLE


def test_the_reading_finds_a_code_english_admin_text_and_an_iso_date():
    """The checks themselves: what they must find, and what they must let pass."""
    assert {"complete_extended", "visiting", "granted", "respite_home"} <= internal_codes()
    assert {"Start typing to filter", "Show counts", "Add link", "Save and add another"} <= set(english_admin_strings())
    html = ('<p>KRAV complete_extended</p><p>Typer oppdrag ["visiting"]</p><td>granted</td><p>fra 2027-01-12</p>'
            '<input placeholder="Start typing to filter…"><script>var s = "granted 2027-01-12 Show counts";</script>'
            '<option value="visiting">Besøkshjem</option><input type="hidden" name="d" value="2027-01-12">'
            '<a href="https://lovdata.no/dokument/NL/lov/1999-07-02-63">https://lovdata.no/dokument/NL/lov/1999-07-02-63</a>'
            '<p>kari@example.no</p><p>Helg</p>')
    found = problems_in_bokmal(html)
    assert [f for f in found if "complete_extended" in f] and [f for f in found if "'visiting'" in f]
    assert [f for f in found if "'granted'" in f] and [f for f in found if "Start typing to filter" in f]
    assert len([f for f in found if f.startswith("ISO date")]) == 1, found
    assert not [f for f in found if "Show counts" in f or "'no'" in f], found


def test_the_reading_in_english_finds_the_admins_norwegian_and_lets_names_pass():
    found = problems_in_english('<input type="submit" value="Lagre og legg til ny"><p>Min arbeidsflate</p><p>Kari Nordmann</p>')
    assert [f for f in found if "Lagre og legg til ny" in f] and [f for f in found if "Min arbeidsflate" in f], found
    assert not [f for f in found if "Kari" in f], found


def test_a_note_shows_its_codes_and_dates_by_label_and_leaves_free_text_as_written():
    with translation.override("nb"):
        assert note_label("applicant: visiting, complete_extended") == "Søker: Besøkshjem, Uttømmende og utvidet politiattest"
        assert note_label("member:12 2027-01-12") == "Husstandsmedlem 12 12. januar 2027"
        assert note_label("hjem 3: every_other_weekend") == "hjem 3: Annenhver helg"
        # Unknown codes, a code word of its own label, and code words inside addresses and paths are left alone.
        for free_text in ("guardian:12", "uklart om partner blir boende", "visiting@kommune.example.no",
                          "kari@visiting.no", "https://example.no/granted/", "re-granted"):
            assert note_label(free_text) == free_text


def test_the_search_form_is_djangos_but_for_the_translated_alt_text():
    """templates/admin/search_form.html copies Django's (which has no block for the alt text): after a Django upgrade the
    copy is taken again, the alt text translated."""
    ours = (Path(settings.BASE_DIR) / "templates" / "admin" / "search_form.html").read_text().splitlines()[1:]
    django_s = (Path(admin.__file__).parent / "templates" / "admin" / "search_form.html").read_text().splitlines()
    assert [line.replace("alt=\"{% translate 'Search' %}\"", 'alt="Search"') for line in ours] == django_s


def test_an_agreement_shows_its_rates_terms_and_employee_by_name_not_as_stored(world, kommune_admin):
    agreement = world["world"].agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        kind=AgreementKind.EMPLOYMENT, person_key=PersonRole.APPLICANT, rates={"hourly_pay_ore": 25050, "km_rate_ore": 350},
        terms={"pay_day": 12, "notice_months": 1, "tariff": "KS SGS 1030"})

    html = page(kommune_admin, reverse("admin:placements_agreement_change", args=[agreement.pk]), "nb")

    text = " ".join(visible_text(html))
    assert "Timelønn eller timesats: kr 250,50" in text and "Kilometergodtgjøring (per km): kr 3,50" in text
    assert "Lønnsdag: 12" in text and "Oppsigelsesfrist (måneder): 1" in text and "Tariff: KS SGS 1030" in text
    assert "Kari Testesen" in text  # the employee, by the party's name
    assert not re.search(r"_ore|pay_day|notice_months|\{|\bapplicant\b", text), text
    assert not problems_in_bokmal(html)


# --- In English -------------------------------------------------------------------------------------------------------

ENGLISH_PAGES = ["admin:index", "admin:applications_volunteerapplication_changelist", "admin:audit_auditentry_changelist",
                 "admin:placements_approvedhome_change", "caseworker:dashboard", "caseworker:child_welfare_case"]


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_a_caseworker_page_in_english_keeps_no_norwegian_chrome(name, world, kommune_admin):
    url = world["urls"][name]
    found = problems_in_english(page(kommune_admin, url, "en"))
    assert not found, f"{url}:\n" + "\n".join(found)


def test_who_did_it_is_shown_in_the_readers_language_and_an_email_as_it_is():
    from besokshjem.audit.registry import actor_label
    from besokshjem.audit.services import APPLICANT, SYSTEM

    with translation.override("en"):
        assert (str(actor_label(APPLICANT)), str(actor_label(SYSTEM))) == ("applicant", "system")
        assert actor_label("kari.saksbehandler@bergen.kommune.no") == "kari.saksbehandler@bergen.kommune.no"
    with translation.override("nb"):
        assert str(actor_label(APPLICANT)) == "søker"


def test_a_made_up_person_called_may_is_not_english():
    """The test data's names are drawn at random (Faker, no_NO): «May» and «Jan» are Norwegian given names too."""
    assert problems_in_bokmal("<p>May Thomassen</p><td>May</td><td>Jan Hansen</td>") == []
    assert problems_in_bokmal("<p>Show counts</p>")  # the check still reads English
