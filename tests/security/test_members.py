"""A kommune administrator's members (issue #13, item 5): the kommune's memberships are managed on its page, a member
is added by e-mail address (a new person is invited, an existing user only by a deliberate, audited choice), never by
a raw user id; nothing reaches another kommune, nothing grants superuser, and no page shows other users' names."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from besokshjem.accounts.models import User
from besokshjem.audit.models import AuditEntry
from besokshjem.outbox.models import Message
from besokshjem.tenancy.choices import LegalTrack, MemberAction
from besokshjem.tenancy.emails import KINDS as INVITATION_KINDS
from besokshjem.tenancy.models import Membership, Role, Unit

from ..caseworker.helpers import admin_url, change_form_data
from ..factories import UserFactory, make_caseworker

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-og-uvanlig-passord-2026"


@pytest.fixture
def bergen_admin(bergen):
    return make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)


@pytest.fixture
def lillestrom_member(lillestrom):
    """A caseworker in Lillestrøm whose name must never reach a Bergen page."""
    user = make_caseworker(lillestrom, email="lise.hemmelig@lillestrom.example.no")
    user.full_name = "Lise Hemmeligsen"
    user.save(update_fields=["full_name"])
    return user


def add_url(municipality):
    return reverse("admin:tenancy_municipality_member_add", args=[municipality.pk])


def change_url(municipality):
    return admin_url(type(municipality), "change", municipality.pk)


def unit(municipality, track):
    return Unit.objects.get(municipality=municipality, legal_track=track)


def new_member(**extra):
    return {"email": "ny.kollega@bergen.example.no", "full_name": "Nina Nykollega", "title": "rådgiver",
            "role": Role.CASEWORKER, **extra}


def membership_rows(page):
    [inline] = [i for i in page.context["inline_admin_formsets"] if i.formset.model is Membership]
    return inline.formset


def audit_of(action, user):
    return AuditEntry.objects.filter(action=action, object_id=user.pk)


# --- the members on the kommune's page ------------------------------------------------------------------------------


def test_the_kommunes_page_lists_its_members_with_name_and_email_and_no_user_picker(
        client, bergen, bergen_admin, bergen_caseworker, lillestrom_member):
    client.force_login(bergen_admin)
    page = client.get(change_url(bergen))
    html = page.content.decode()

    assert page.status_code == 200
    assert {form.instance.user for form in membership_rows(page).forms} == {bergen_admin, bergen_caseworker}
    assert bergen_caseworker.email in html and bergen_caseworker.full_name in html
    assert lillestrom_member.email not in html and "Hemmeligsen" not in html
    assert add_url(bergen) in html  # «Legg til saksbehandler»
    assert "-user" not in " ".join(re.findall(r'name="memberships-[^"]*"', html))  # the person is read-only
    assert "autocomplete" not in html.lower().replace('autocomplete="off"', "")
    assert reverse("admin:otp_reset", args=[bergen.pk, bergen_caseworker.pk]) in html  # the reset stays on the row


def test_the_unit_choices_on_a_row_are_the_kommunes_own(client, bergen, lillestrom, bergen_admin, bergen_caseworker):
    client.force_login(bergen_admin)
    page = client.get(change_url(bergen))

    for form in membership_rows(page).forms:
        assert set(form.fields["units"].queryset) == set(Unit.objects.filter(municipality=bergen))
    html = page.content.decode()
    assert re.search(r'<input type="checkbox" name="memberships-0-units" value="\d+"', html)
    assert "Barneverntjenesten" in html and 'name="units-0-name"' in html  # the units, renamable

    form = client.get(add_url(bergen))
    assert {str(u) for u in form.context["form"].fields["units"].queryset} == {
        "Barneverntjenesten", "Forvaltningsenhet for helse og omsorg"}
    assert set(form.context["form"].fields["units"].queryset) == set(Unit.objects.filter(municipality=bergen))
    assert 'name="add_existing"' in form.content.decode()


# --- adding a member: a new person is invited -----------------------------------------------------------------------


def test_a_new_email_address_is_invited_and_the_link_lets_them_choose_a_password(client, bergen, bergen_admin, on_commit):
    client.force_login(bergen_admin)
    child_welfare = unit(bergen, LegalTrack.CHILD_WELFARE)
    assert client.get(add_url(bergen)).status_code == 200

    with on_commit():
        response = client.post(add_url(bergen), new_member(units=[child_welfare.pk], may_decide="on"))

    assert response.status_code == 302
    person = User.objects.get(email="ny.kollega@bergen.example.no")
    assert (person.full_name, person.title, person.is_staff, person.is_superuser) == ("Nina Nykollega", "rådgiver", True, False)
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.municipality, membership.role, membership.may_decide) == (bergen, Role.CASEWORKER, True)
    assert list(membership.units.all()) == [child_welfare]
    [entry] = audit_of(MemberAction.INVITED, person)
    assert (entry.actor, entry.municipality) == (bergen_admin, bergen)
    assert Message.objects.get(kind="member_invitation").recipient == person.email

    [invitation] = mail.outbox
    assert invitation.to == [person.email]
    assert "Bergen" in invitation.subject
    [link] = re.findall(r"http://testserver(/konto/passord/\S+/)", invitation.body)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_set_done")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)

    client.logout()  # the link works once
    assert client.get(link, follow=True).context["validlink"] is False


def test_a_new_person_needs_a_name_and_the_form_keeps_the_answers(client, bergen, bergen_admin):
    client.force_login(bergen_admin)
    health = unit(bergen, LegalTrack.HEALTH_CARE)

    page = client.post(add_url(bergen), new_member(full_name="", title="fagleder", role=Role.ADMIN, units=[health.pk]))

    assert page.status_code == 200
    assert "Skriv inn fullt navn på den nye brukeren." in page.content.decode()
    form = page.context["form"]
    assert (form["email"].value(), form["title"].value(), form["role"].value()) == ("ny.kollega@bergen.example.no", "fagleder", Role.ADMIN)
    assert [str(pk) for pk in form["units"].value()] == [str(health.pk)]
    assert not User.objects.filter(email="ny.kollega@bergen.example.no").exists()


# --- adding a member: an existing user only by a deliberate choice --------------------------------------------------


def test_an_existing_user_is_added_only_with_the_checkbox_and_the_form_names_nobody(
        client, bergen, lillestrom, bergen_admin, lillestrom_member):
    client.force_login(bergen_admin)

    refused = client.post(add_url(bergen), new_member(email=lillestrom_member.email.upper(), full_name="Noe Annet"))

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "finnes allerede" in html
    assert "Hemmeligsen" not in html and "Lillestrøm" not in html
    assert not Membership.objects.filter(user=lillestrom_member, municipality=bergen).exists()

    added = client.post(add_url(bergen), new_member(email=lillestrom_member.email, full_name="", role=Role.ADMIN,
                                                    add_existing="on"))

    assert added.status_code == 302
    membership = Membership.objects.get(user=lillestrom_member, municipality=bergen)
    assert membership.role == Role.ADMIN
    lillestrom_member.refresh_from_db()
    assert lillestrom_member.full_name == "Lise Hemmeligsen"  # their own data is left as it is
    assert Membership.objects.get(user=lillestrom_member, municipality=lillestrom).role == Role.CASEWORKER
    [entry] = audit_of(MemberAction.EXISTING_ADDED, lillestrom_member)
    assert (entry.actor, entry.municipality) == (bergen_admin, bergen)
    assert "Kommuneadministrator" in entry.note
    assert not Message.objects.filter(kind="member_invitation").exists()
    # The person is told (a notice, no link: they log in as before)
    [notice] = Message.objects.filter(kind="member_added")
    assert (notice.recipient, notice.municipality) == (lillestrom_member.email, bergen)
    from besokshjem.outbox.services import send_due

    send_due()
    [sent] = [m for m in mail.outbox if m.to == [lillestrom_member.email]]
    assert sent.subject == "Du har fått tilgang til Besøkshjem i Bergen"
    assert "Bergen har gitt deg tilgang til saksbehandlingen i Besøkshjem (Kommuneadministrator)." in sent.body
    assert "/admin/login/" in sent.body and "si fra til kommunen" in sent.body


def test_an_existing_member_of_the_kommune_is_not_added_twice(client, bergen, bergen_admin, bergen_caseworker):
    client.force_login(bergen_admin)

    page = client.post(add_url(bergen), new_member(email=bergen_caseworker.email, role=Role.ADMIN, add_existing="on"))

    assert page.status_code == 200
    assert "allerede medlem" in page.content.decode()
    assert Membership.objects.get(user=bergen_caseworker, municipality=bergen).role == Role.CASEWORKER


# --- nothing reaches another kommune, nothing grants superuser, no raw ids ------------------------------------------


def test_a_bergen_admin_cannot_add_members_to_lillestrom(client, bergen, lillestrom, bergen_admin, lillestrom_member):
    client.force_login(bergen_admin)

    assert client.get(add_url(lillestrom)).status_code == 404
    assert client.post(add_url(lillestrom), new_member()).status_code == 404
    assert client.post(add_url(lillestrom), new_member(email=bergen_admin.email, role=Role.ADMIN, add_existing="on")).status_code == 404

    assert not User.objects.filter(email="ny.kollega@bergen.example.no").exists()
    assert not Membership.objects.filter(user=bergen_admin, municipality=lillestrom).exists()


def test_a_caseworker_cannot_add_members(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)

    assert client.post(add_url(bergen), new_member()).status_code == 404
    assert not User.objects.filter(email="ny.kollega@bergen.example.no").exists()


def test_a_bergen_admin_cannot_alter_or_remove_lillestroms_members(client, bergen, lillestrom, bergen_admin, lillestrom_member):
    membership = Membership.objects.get(user=lillestrom_member)
    client.force_login(bergen_admin)

    # Lillestrøm's page is a 404, whatever is posted to it.
    assert client.post(change_url(lillestrom), {
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1", "memberships-0-id": str(membership.pk),
        "memberships-0-municipality": str(lillestrom.pk), "memberships-0-role": Role.ADMIN, "memberships-0-DELETE": "on",
    }).status_code == 404

    # Bergen's page with a Lillestrøm membership smuggled into its rows: refused, and no name is shown.
    page = client.get(change_url(bergen))
    data = change_form_data(page)
    rows = membership_rows(page)
    data[f"{rows.prefix}-0-id"] = str(membership.pk)
    data[f"{rows.prefix}-0-role"] = Role.ADMIN
    data[f"{rows.prefix}-0-DELETE"] = "on"
    response = client.post(change_url(bergen), data)

    # Django looks the row up among Bergen's memberships only: an unknown id is no row at all, so nothing is saved.
    assert response.status_code in (200, 302)
    assert "Hemmeligsen" not in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.CASEWORKER
    assert Membership.objects.filter(user=bergen_admin, municipality=bergen, role=Role.ADMIN).exists()
    assert not AuditEntry.objects.filter(action__startswith="member_").exists()


def test_no_user_is_picked_by_id_neither_on_the_form_nor_on_the_page(client, bergen, bergen_admin, lillestrom_member):
    client.force_login(bergen_admin)

    form = client.post(add_url(bergen), {"user": lillestrom_member.pk, "role": Role.ADMIN, "add_existing": "on"})
    assert form.status_code == 200
    assert "Hemmeligsen" not in form.content.decode()

    page = client.get(change_url(bergen))
    data = change_form_data(page)
    rows = membership_rows(page)
    n = rows.total_form_count()
    data[f"{rows.prefix}-TOTAL_FORMS"] = str(n + 1)
    data.update({f"{rows.prefix}-{n}-user": str(lillestrom_member.pk), f"{rows.prefix}-{n}-role": Role.ADMIN,
                 f"{rows.prefix}-{n}-may_decide": "on"})
    client.post(change_url(bergen), data)

    assert not Membership.objects.filter(user=lillestrom_member, municipality=bergen).exists()


def test_nobody_is_made_superuser_and_a_superuser_is_not_added(client, bergen, bergen_admin):
    superuser = User.objects.create_superuser(email="plattform@example.no", password="test-passord-123")
    client.force_login(bergen_admin)

    wrong_role = client.post(add_url(bergen), new_member(role="superuser"))
    assert wrong_role.status_code == 200
    assert not User.objects.filter(email="ny.kollega@bergen.example.no").exists()

    client.post(add_url(bergen), new_member(is_superuser="on", is_staff="on"))
    person = User.objects.get(email="ny.kollega@bergen.example.no")
    assert not person.is_superuser

    refused = client.post(add_url(bergen), new_member(email=superuser.email, add_existing="on"))
    assert refused.status_code == 200
    assert not Membership.objects.filter(user=superuser).exists()


def test_units_of_another_kommune_cannot_be_chosen(client, bergen, lillestrom, bergen_admin, bergen_caseworker):
    foreign = unit(lillestrom, LegalTrack.CHILD_WELFARE)
    client.force_login(bergen_admin)

    refused = client.post(add_url(bergen), new_member(units=[foreign.pk]))
    assert refused.status_code == 200 and refused.context["form"].errors["units"]
    assert not User.objects.filter(email="ny.kollega@bergen.example.no").exists()

    page = client.get(change_url(bergen))
    data = change_form_data(page)
    rows = membership_rows(page)
    [row] = [i for i, form in enumerate(rows.forms) if form.instance.user == bergen_caseworker]
    data[f"{rows.prefix}-{row}-units"] = [str(foreign.pk)]
    response = client.post(change_url(bergen), data)

    assert response.status_code == 200
    assert set(Membership.objects.get(user=bergen_caseworker).units.values_list("municipality", flat=True)) == {bergen.pk}


# --- changing and removing a member ---------------------------------------------------------------------------------


def row_data(client, municipality, user):
    page = client.get(change_url(municipality))
    rows = membership_rows(page)
    [row] = [i for i, form in enumerate(rows.forms) if form.instance.user == user]
    return change_form_data(page), f"{rows.prefix}-{row}"


def test_a_members_role_authority_and_units_are_changed_on_the_row_and_audited(client, bergen, bergen_admin, bergen_caseworker):
    health = unit(bergen, LegalTrack.HEALTH_CARE)
    client.force_login(bergen_admin)
    data, row = row_data(client, bergen, bergen_caseworker)
    data[f"{row}-role"] = Role.ADMIN
    data.pop(f"{row}-may_decide", None)
    data[f"{row}-units"] = [str(health.pk)]

    response = client.post(change_url(bergen), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    membership = Membership.objects.get(user=bergen_caseworker)
    assert (membership.role, membership.may_decide, list(membership.units.all())) == (Role.ADMIN, False, [health])
    [entry] = audit_of(MemberAction.CHANGED, bergen_caseworker)
    assert entry.actor == bergen_admin and "Før: Rolle: Saksbehandler" in entry.note


def test_removing_a_member_keeps_the_user_but_ends_their_access_and_is_audited(client, bergen, bergen_admin, bergen_caseworker):
    client.force_login(bergen_admin)
    data, row = row_data(client, bergen, bergen_caseworker)
    data[f"{row}-DELETE"] = "on"

    response = client.post(change_url(bergen), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert not Membership.objects.filter(user=bergen_caseworker).exists()
    bergen_caseworker.refresh_from_db()
    assert bergen_caseworker.is_staff is False and bergen_caseworker.is_active
    [entry] = audit_of(MemberAction.REMOVED, bergen_caseworker)
    assert (entry.actor, entry.municipality) == (bergen_admin, bergen)


def test_a_member_of_another_kommune_keeps_their_access_there_when_removed(client, bergen, lillestrom, bergen_admin, lillestrom_member):
    Membership.objects.create(user=lillestrom_member, municipality=bergen)
    client.force_login(bergen_admin)
    data, row = row_data(client, bergen, lillestrom_member)
    data[f"{row}-DELETE"] = "on"

    assert client.post(change_url(bergen), data).status_code == 302

    lillestrom_member.refresh_from_db()
    assert lillestrom_member.is_staff
    assert Membership.objects.filter(user=lillestrom_member, municipality=lillestrom).exists()


def test_the_last_administrator_is_neither_removed_nor_demoted(client, bergen, bergen_admin):
    client.force_login(bergen_admin)
    for change in ({"DELETE": "on"}, {"role": Role.CASEWORKER}):
        data, row = row_data(client, bergen, bergen_admin)
        data.update({f"{row}-{key}": value for key, value in change.items()})

        response = client.post(change_url(bergen), data)

        assert response.status_code == 200
        assert "minst én kommuneadministrator" in response.content.decode()
        assert Membership.objects.get(user=bergen_admin).role == Role.ADMIN


def test_another_admin_of_the_kommune_can_be_removed_by_an_admin(client, bergen, bergen_admin):
    colleague = make_caseworker(bergen, email="admin2@bergen.example.no", role=Role.ADMIN)
    client.force_login(bergen_admin)
    data, row = row_data(client, bergen, colleague)
    data[f"{row}-DELETE"] = "on"

    assert client.post(change_url(bergen), data).status_code == 302
    assert not Membership.objects.filter(user=colleague).exists()
    assert audit_of(MemberAction.REMOVED, colleague).exists()


def test_invitation_is_not_sent_to_someone_who_already_chose_a_password(bergen, bergen_admin):
    """The outbox drops an invitation whose person has set a password meanwhile (still_due)."""
    [kind] = [k for k in INVITATION_KINDS if k.name == "member_invitation"]
    person = UserFactory(email="har.passord@example.no")
    membership = Membership.objects.create(user=person, municipality=bergen)
    assert kind.still_due([membership]) == set()
    person.set_unusable_password()
    assert kind.still_due([membership]) == {membership.pk}
