"""The caseworker registers a barnevern case for a child (not through the public form); the parties follow from it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.child_welfare.services import child_welfare_case_register
from applications.decisions.parties import child_welfare_parties
from applications.models import ChildWelfareCase
from besokshjem.audit.models import AuditEntry

MOTHER = {"name": "Mona Testmor", "relation": "Mor", "has_parental_responsibility": True, "email": "mona@example.no",
          "address": "Eksempelgata 2", "postcode": "5015", "post_town": "Bergen", "address_confidential": False}
FATHER = {"name": "Per Testfar", "relation": "Far", "has_parental_responsibility": True, "email": "per@example.no",
          "address": "Skjultveien 9", "postcode": "0150", "post_town": "Oslo", "address_confidential": True}
STEPFATHER = {"name": "Ola Ste", "relation": "Stefar", "has_parental_responsibility": False, "email": "", "address": "",
              "postcode": "", "post_town": "", "address_confidential": False}


def register(municipality, by, born=date(2011, 3, 14), guardians=(MOTHER, FATHER, STEPFATHER)):
    return child_welfare_case_register(municipality=municipality, by=by, child_first_name="Lise", child_last_name="Testbarn",
                                       child_birth_date=born, guardians=list(guardians))


def test_every_guardian_with_parental_responsibility_is_a_party_and_a_confidential_address_is_not_printed(bergen, bergen_caseworker):
    case = register(bergen, bergen_caseworker, born=date(2016, 8, 15))
    parties = child_welfare_parties(case, date(2026, 11, 30))
    assert [p.name for p in parties] == ["Mona Testmor", "Per Testfar"]  # not the stepfather without parental responsibility
    mother, father = parties
    assert mother.addressee.printed_lines == ("Eksempelgata 2", "5015 Bergen")
    assert father.addressee.printed_lines == ()
    assert case.reference.startswith("BGO-") and AuditEntry.objects.filter(object_id=case.pk, action="child_welfare_registered").exists()


def test_the_child_is_a_party_from_the_day_they_turn_15(bergen, bergen_caseworker):
    case = register(bergen, bergen_caseworker, born=date(2011, 12, 1))
    assert "child" not in [p.key for p in child_welfare_parties(case, date(2026, 11, 30))]  # 14 years old
    assert "child" in [p.key for p in child_welfare_parties(case, date(2026, 12, 1))]  # 15 today


def test_a_case_needs_someone_with_parental_responsibility(bergen, bergen_caseworker):
    with pytest.raises(ValidationError):
        register(bergen, bergen_caseworker, guardians=[STEPFATHER])
    assert not ChildWelfareCase.objects.exists()


def test_registration_page_keeps_every_answer_on_a_bad_submit_and_registers_on_a_good_one(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:child_welfare_register")
    data = {"where-municipality": bergen.pk, "child_first_name": "Lise", "child_last_name": "Testbarn",
            "child_birth_date": "2099-01-01", "child_address": "", "child_postcode": "", "child_post_town": "", "background": "Bekymring.",
            "guardian-TOTAL_FORMS": "1", "guardian-INITIAL_FORMS": "0", "guardian-MIN_NUM_FORMS": "1", "guardian-MAX_NUM_FORMS": "4",
            **{f"guardian-0-{k}": v for k, v in MOTHER.items() if v not in (False, "")}}
    bad = client.post(url, data)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Fødselsdatoen kan ikke være i fremtiden." in html and 'value="Lise"' in html and 'value="Mona Testmor"' in html

    good = client.post(url, {**data, "child_birth_date": "2016-08-15"})
    case = ChildWelfareCase.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("caseworker:child_welfare_case", args=[case.pk])
    assert [g.name for g in case.guardians.all()] == ["Mona Testmor"]
    page = client.get(good["Location"]).content.decode()
    assert "Mona Testmor" in page and case.reference in page


def test_lillestrom_cannot_see_bergens_barnevern_case(client, bergen, bergen_caseworker, lillestrom_caseworker):
    case = register(bergen, bergen_caseworker)
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:child_welfare_case", args=[case.pk])).status_code == 404
    assert case.reference not in client.get(reverse("caseworker:child_welfare_list")).content.decode()
