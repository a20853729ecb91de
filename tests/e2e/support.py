"""Helpers for the browser journeys: the English catalogue, axe-core scans, e-mail links."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from besokshjem.core.tokens import RESUME, case_token

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = ("serious", "critical")


# --- Translations ---------------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr for the entries compilemessages would compile (translated, not fuzzy, not obsolete)."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    fuzzy = False
    current = None

    def flush():
        if msgid and msgstr and not fuzzy:
            entries[msgid] = msgstr

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid = msgstr = current = None
            fuzzy = False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            msgid, current = _unquote(line), "msgid"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, current = _unquote(line), "msgstr"
        elif line.startswith(("msgid_plural", "msgstr[", "msgctxt")):
            current = None
        elif line.startswith('"') and current == "msgid":
            msgid += _unquote(line)
        elif line.startswith('"') and current == "msgstr":
            msgstr += _unquote(line)
    return entries


@dataclass
class Catalogue:
    """What the portal shows a visitor in one language, read from the catalogue the translators edit.

    `t("Om deg")` is the msgstr from locale/<lang>/LC_MESSAGES/django.po, or the Norwegian msgid while it is
    untranslated — exactly what Django renders once the catalogue is compiled. Norwegian is the source language.
    """

    language: str
    entries: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, language: str) -> "Catalogue":
        if language == settings.LANGUAGE_CODE:
            return cls(language)
        path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
        return cls(language, _read_po(path) if path.exists() else {})

    def __call__(self, msgid: str, **params) -> str:
        text = self.entries.get(msgid, msgid)
        return text % params if params else text

    def label(self, msgid: str) -> str:
        """A form label made from a model field's verbose_name: Django capitalises its first letter."""
        text = self(msgid)
        return text[:1].upper() + text[1:]

    def translated(self, msgid: str) -> bool:
        return msgid in self.entries


NB = Catalogue(settings.LANGUAGE_CODE)


# --- Accessibility --------------------------------------------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


# --- Links ----------------------------------------------------------------------------------------------------------


def step_path(application, step: str) -> str:
    """The applicant's private link to one step of a draft ("oppsummering" for the review)."""
    token = case_token(application, purpose=RESUME)
    if step == "oppsummering":
        return reverse("applications:review", kwargs={"token": token})
    return reverse("applications:step", kwargs={"token": token, "step": step})


# --- E-mail ---------------------------------------------------------------------------------------------------------


def link_in(message, path_prefix: str) -> str:
    """The one absolute link to the live server whose path starts with `path_prefix` in a sent e-mail."""
    links = set(re.findall(re.escape(settings.SITE_URL + path_prefix) + r"[^\s\"<>]+", message.body))
    assert len(links) == 1, f"expected one {path_prefix} link in {message.subject!r}, found {links}"
    return links.pop()


# --- Caseworker -----------------------------------------------------------------------------------------------------

CASEWORKER_PASSWORD = "test-passord-123"  # tests.factories.UserFactory


def admin_login(page, base_url: str, email: str, password: str = CASEWORKER_PASSWORD):
    """Log in through the admin's own login form and then the second factor (the code the user's authenticator app
    shows now), as a caseworker does; ends on the admin index."""
    from playwright.sync_api import expect

    from besokshjem.accounts.models import User
    from tests.second_factor import confirmed_device, current_code

    device = confirmed_device(User.objects.get(email=email))
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(re.escape(f"{base_url}/admin/tofaktor/")))
    page.get_by_label("Kode").fill(current_code(device))
    page.get_by_role("button", name="Bekreft").click()
    expect(page).to_have_url(f"{base_url}/admin/")
