"""Property-based tests (hypothesis) of every public form: whatever a visitor posts — any text (very long, control
characters, NUL, any unicode), numbers where text goes, choices that do not exist, empty values, lists for single
values, any bytes as a file — the portal never answers 5xx, and a form shown again with errors stores nothing: no new
row, no new file under the private media root.

Each example starts from a known state: the draft (or the decided case) is made inside `transaction.atomic()` and
rolled back when the example ends; files written on disk are compared before and after.
"""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from applications.intake.respite_steps import RESPITE
from applications.intake.volunteer_steps import VOLUNTEER
from besokshjem.core.tokens import CO_PARTY, RESUME, STATUS, case_token

from ..factories import DecisionFactory, RespiteApplicationFactory, VolunteerApplicationFactory
from ..respite_helpers import PDF, png_bytes

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Any text: every code point but surrogates (which cannot be encoded), with control characters and NUL among them.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    ANY_TEXT,
    st.just(""),
    st.just("\x00"),
    st.text(st.sampled_from("\x00\x01\x1b\t\r\n\u202e\ufeff"), min_size=1, max_size=10),
    st.builds(lambda c, n: c * n, st.sampled_from("aø€😀"), st.integers(301, 5000)),  # past every max_length
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["True", "False", "on", "yes", "None", "null", "[]", "{}", "1e309", "2026-02-30", "9999-12-31", "0000-00-00"]),
    st.lists(ANY_TEXT, min_size=2, max_size=3),
)
FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.just(PDF), st.just(png_bytes()),
    st.binary(max_size=200).map(lambda b: b"%PDF-1.7\n" + b),  # looks like a PDF, is not one
    st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
)
FILE_NAMES = st.one_of(st.just("vedlegg.pdf"), ANY_TEXT.map(lambda t: (t or "x")[:40] + ".pdf"), st.just("../../etc/passwd"), st.just("a" * 500))
NAVS = st.sampled_from(["next", "back", "save", "add", "upload", "", "\x00", "slett"])


def _field_names(form, formset=None) -> list[str]:
    names = [form.add_prefix(name) for name in form.fields]
    if formset is not None:
        names += [formset.management_form.add_prefix(n) for n in formset.management_form.fields]
        names += [f"{formset.prefix}-{i}-{n}" for i in range(2) for n in formset.empty_form.fields]
    return names


def _private_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _counts() -> dict:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.app_label in {"applications", "placements", "outbox"}}


@contextmanager
def rolled_back():
    """An example's own state: everything it writes to the database is undone when it ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post_and_check(client, url, data, stored_ok=(302,)):
    """POST; never a 5xx; a re-render (200/400) stores no row and no file."""
    rows, files = _counts(), _private_files()
    response = client.post(url, data)
    assert response.status_code < 500, (url, response.status_code)
    if response.status_code not in stored_ok:
        assert _counts() == rows, (url, response.status_code)
        assert _private_files() == files, (url, response.status_code)
    return response


def _draw_data(data, names):
    return {name: data.draw(VALUES, label=name) for name in names if data.draw(st.booleans(), label=f"send {name}")}


# --- The forms' steps -----------------------------------------------------------------------------------------------


def _steps(wizard, application):
    return [step for step in wizard.steps_for(application)]


@pytest.mark.parametrize("kind", ["volunteer", "respite"])
@EXAMPLES
@given(data=st.data())
def test_no_step_of_the_public_forms_fails_or_stores_garbage(client, bergen, kind, data):
    wizard, factory = (VOLUNTEER, VolunteerApplicationFactory) if kind == "volunteer" else (RESPITE, RespiteApplicationFactory)
    with rolled_back():
        draft = factory(municipality=bergen)
        steps = _steps(wizard, draft)
        step = data.draw(st.sampled_from(steps), label="step")
        form = step.form_class(application=draft)
        formset = wizard.formset(draft) if step.has_formset else None
        nav = data.draw(NAVS, label="nav")
        body = _draw_data(data, _field_names(form, formset)) | {"nav": nav}
        if step.has_files:
            body["files"] = [SimpleUploadedFile(data.draw(FILE_NAMES, label="name"), data.draw(FILE_BYTES, label="bytes"))
                             for _ in range(data.draw(st.integers(0, 2), label="files"))]
        url = wizard.step_url(draft, step.slug)
        assert url.startswith("/") and case_token(draft, purpose=RESUME) in url
        # A valid step saves the draft (a redirect); «back»/«save» keep what was typed on the draft itself, and «save»
        # shows the saved page and e-mails the resume link (an outbox row), whatever was typed.
        post_and_check(client, url, body, stored_ok=(200, 302) if nav == "save" else (302,))


def test_a_nul_typed_on_a_step_left_with_back_is_kept_without_it(client, bergen):
    """PostgreSQL stores no NUL in JSON: the answers kept for «back» drop it (found by the test above: a 500)."""
    draft = RespiteApplicationFactory(municipality=bergen)
    response = client.post(RESPITE.step_url(draft, "barnet"), {"child_needs": "Trenger\x00 hjelp", "\x00": "x", "nav": "back"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.draft_answers["barnet"]["child_needs"] == "Trenger hjelp"


@pytest.mark.parametrize("url_name", ["applications:start", "applications:respite_start"])
@EXAMPLES
@given(data=st.data())
def test_starting_a_form_with_anything_never_fails(client, bergen, url_name, data):
    with rolled_back():
        names = ["nonce", "home_types", "applying_together", "child_first_name", "child_last_name", "child_birth_date"]
        body = _draw_data(data, names)
        post_and_check(client, reverse(url_name, args=["bergen"]), body)


# --- Uploads after the form: an appeal, the other guardian's appeal -----------------------------------------------


@pytest.mark.parametrize("purpose", [STATUS, CO_PARTY])
@EXAMPLES
@given(text=VALUES, name=FILE_NAMES, content=st.one_of(st.none(), FILE_BYTES))
def test_an_appeal_with_any_text_and_any_file_never_fails_and_a_refused_one_stores_nothing(client, bergen, purpose, text, name, content):
    with rolled_back():
        application = RespiteApplicationFactory(
            municipality=bergen, status="submitted", reference="BGO-2026-08001", submitted_at=timezone.now(),
            second_guardian=True, second_guardian_name="Per Testforelder", second_guardian_email="per@example.no",
            second_guardian_has_parental_responsibility=True)
        DecisionFactory(application=application, rejected=True)
        token = case_token(application, purpose=purpose)
        url = reverse("applications:respite_appeal" if purpose == STATUS else "applications:respite_co_party", args=[token])
        body = {"text": text}
        if content is not None:
            body["attachment"] = SimpleUploadedFile(name, content)
        post_and_check(client, url, body)
