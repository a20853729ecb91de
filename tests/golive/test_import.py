"""The real run stores the good rows once, each as the portal would have made it (an approved home; a confirmed vedtak
with its need and, for a running one, its placement), audits each, and running it again changes nothing."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from applications.golive.choices import GoLiveAction
from applications.golive.report import RowOutcome
from applications.golive.services import import_decisions, import_homes
from applications.models import (
    ApplicationStatus,
    ChildWelfareCase,
    ChildWelfareStatus,
    Decision,
    DecisionDelivery,
    RespiteApplication,
    RespiteStatus,
    VolunteerApplication,
)
from besokshjem.audit.models import AuditEntry
from besokshjem.tenancy.choices import HomeType, LegalTrack
from placements.models import ApprovedHome, Need, Placement, ScheduleKind
from placements.selectors import need_delivered_at, waiting_needs

from .conftest import NOW, OSLO, counts, decision, decisions_file, home, homes_file


def _homes():
    return homes_file(
        home("H-1", name="Kari og Ola Eksempelsen", capacity="2", siblings="ja", weekends="1|3", approved="15.03.2024"),
        home("H-2", email="ikke-en-adresse"),
        home("H-3", name="Nora Demodatter", email="nora.demodatter@example.no", phone="", roles="støttekontakt|avlastningshjem",
             age_from="10", age_to="18", area="Bergenhus", weekends="", weekdays="0|2", hours_from="15:00", hours_to="19:00"),
    )


def test_the_real_run_stores_the_good_homes_once_as_approved_homes(bergen, bergen_admin):
    before = counts()

    report = import_homes(municipality=bergen, file=_homes(), by=bergen_admin, dry_run=False)

    assert [r.line for r in report.imported] == [2, 4] and [r.line for r in report.rejected] == [3]
    assert report.summary == "Importert: 2. Finnes fra før: 0. Avvist: 1."
    after = counts()
    assert after["VolunteerApplication"] == before["VolunteerApplication"] + 2
    assert after["ApprovedHome"] == before["ApprovedHome"] + 2

    kari = ApprovedHome.objects.get(application__import_key="H-1", municipality=bergen)
    assert (kari.name, kari.home_types, kari.capacity, kari.age_min, kari.age_max, kari.sibling_pair, kari.area) == (
        "Kari og Ola Eksempelsen", [HomeType.VISITING], 2, 6, 12, True, "Fana")
    assert kari.weekends_of_month == [1, 3] and kari.weekdays == []
    assert kari.approved_at == datetime(2024, 3, 15, 12, tzinfo=OSLO) and kari.approved_by == bergen_admin
    application = kari.application
    assert application.status == ApplicationStatus.APPROVED
    assert application.reference.startswith("BGO-2026-")
    assert application.submitted_at == kari.approved_at and application.email == "kari.eksempelsen@example.no"
    # Never went through the public form: no consent is claimed on its behalf.
    assert not (application.consent_health or application.confirm_true or application.privacy_read)

    nora = ApprovedHome.objects.get(application__import_key="H-3")
    assert nora.home_types == [HomeType.SUPPORT_CONTACT, HomeType.RESPITE]
    assert (nora.weekdays, nora.hours_from, nora.hours_to) == ([0, 2], time(15), time(19))

    entries = AuditEntry.objects.filter(action=GoLiveAction.IMPORTED, municipality=bergen)
    assert entries.count() == 2
    assert {(e.content_type.model_class(), e.object_id, e.actor) for e in entries} == {
        (VolunteerApplication, kari.application_id, bergen_admin), (VolunteerApplication, nora.application_id, bergen_admin)}


def test_running_the_homes_import_twice_changes_nothing(bergen, bergen_admin):
    import_homes(municipality=bergen, file=_homes(), by=bergen_admin, dry_run=False)
    after_first = counts()

    again = import_homes(municipality=bergen, file=_homes(), by=bergen_admin, dry_run=False)

    assert counts() == after_first
    assert [(r.line, r.outcome) for r in again.rows] == [(2, RowOutcome.SKIPPED), (3, RowOutcome.REJECTED), (4, RowOutcome.SKIPPED)]
    assert "Linje 2: finnes fra før" in again.as_text()
    assert again.summary == "Importert: 0. Finnes fra før: 2. Avvist: 1."


@pytest.fixture
def homes(bergen, bergen_admin):
    import_homes(municipality=bergen, file=_homes(), by=bergen_admin, dry_run=False)
    return {h.application.import_key: h for h in ApprovedHome.objects.filter(municipality=bergen).select_related("application")}


def test_a_row_without_placement_columns_is_a_granted_decision_on_the_waiting_list(bergen, bergen_admin, homes):
    report = import_decisions(municipality=bergen, file=decisions_file(decision("V-1", decided="2025-12-10")), by=bergen_admin,
                              dry_run=False)

    assert report.ok and [r.line for r in report.imported] == [2]
    case = RespiteApplication.objects.get(municipality=bergen, import_key="V-1")
    assert case.status == RespiteStatus.DECIDED and case.reference.startswith("BGO-2026-")
    assert (case.child_name, case.child_birth_date, case.guardian_name, case.guardian_post_town) == (
        "Lise Eksempelsen", date(2016, 5, 4), "Mona Eksempelsen", "Fana")
    assert not case.confirm_true
    vedtak = Decision.objects.get(application=case)
    assert vedtak.is_granted and vedtak.is_confirmed and vedtak.track == LegalTrack.HEALTH_CARE
    assert vedtak.scope_display == "1 helg per måned" and (vedtak.period_from, vedtak.period_to) == (date(2026, 1, 1), date(2027, 12, 31))
    assert vedtak.decided_at == datetime(2025, 12, 10, 12, tzinfo=OSLO) and vedtak.decided_by == bergen_admin
    assert vedtak.delivery == DecisionDelivery.PAPER and vedtak.notified_at == vedtak.decided_at
    assert vedtak.legal_basis.startswith("pasient- og brukerrettighetsloven § 2-8") and vedtak.appeal_weeks == 4
    assert "tidligere fagsystem og importert" in vedtak.reasons
    assert [n.decision_id for n in waiting_needs(municipality=bergen)] == [vedtak.pk]
    assert not Placement.objects.exists()
    assert AuditEntry.objects.filter(action=GoLiveAction.IMPORTED, content_type=ContentType.objects.get_for_model(RespiteApplication),
                                     object_id=case.pk).count() == 1


def test_a_running_decision_whose_first_date_has_passed_counts_as_delivered(bergen, bergen_admin, homes):
    file = decisions_file(
        decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend"),
        decision("V-2", service="støttekontakt", amount="4", unit="time", per="uke", period_from="2026-07-01",
                 home_key="H-3", start="2026-07-01", schedule="weekly", weekday="onsdag", hours_from="15:00", hours_to="19:00"),
    )

    report = import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=False)

    assert report.ok, report.as_text()
    started = Placement.objects.get(need__decision__application__import_key="V-1")
    assert (started.home, started.schedule_kind) == (homes["H-1"], ScheduleKind.FIRST_WEEKEND)
    assert started.first_date_at == datetime(2026, 1, 2, 17, tzinfo=OSLO)  # the weekend of Saturday 3 January
    assert need_delivered_at(need=started.need) == started.first_date_at
    coming = Placement.objects.get(need__decision__application__import_key="V-2")
    assert coming.first_date_at == datetime(2026, 7, 1, 15, tzinfo=OSLO) > NOW
    assert need_delivered_at(need=coming.need) is None
    assert [n.pk for n in waiting_needs(municipality=bergen)] == [coming.need.pk]


def test_a_barnevern_row_is_a_case_with_its_guardian_and_the_vedtak_on_it(bergen, bergen_admin, homes):
    file = decisions_file(decision("B-7", track="barnevern", guardian_email="", decided="2025-05-20", area="Arna"))

    import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=False)

    case = ChildWelfareCase.objects.get(municipality=bergen, import_key="B-7")
    assert case.status == ChildWelfareStatus.DECIDED and case.child_post_town == "Arna" and case.created_by == bergen_admin
    assert [(g.name, g.has_parental_responsibility) for g in case.guardians.all()] == [("Mona Eksempelsen", True)]
    vedtak = case.decisions.get()
    assert vedtak.track == LegalTrack.CHILD_WELFARE and vedtak.legal_basis == "barnevernsloven § 3-1" and vedtak.appeal_weeks == 3
    need = Need.objects.get(decision=vedtak)
    assert (need.track, need.area, need.child_birth_date) == (LegalTrack.CHILD_WELFARE, "Arna", date(2016, 5, 4))


def test_a_row_that_would_overbook_a_home_is_rejected_with_the_services_message(bergen, bergen_admin, homes):
    """H-3 takes one child; the second placement over the same period is refused, and nothing of that row is kept."""
    weekly = {"service": "støttekontakt", "amount": "4", "unit": "time", "per": "uke", "home_key": "H-3", "start": "2026-02-02",
              "schedule": "weekly", "weekday": "0", "hours_from": "15:00", "hours_to": "19:00"}
    file = decisions_file(decision("V-1", **weekly), decision("V-2", first="Sara", last="Prøvesen", **weekly))
    before = counts()

    report = import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=False)

    assert [r.line for r in report.imported] == [2]
    assert [(r.line, r.reasons) for r in report.rejected] == [(3, ["Hjemmet har ikke ledig plass i perioden."])]
    assert not RespiteApplication.objects.filter(import_key="V-2").exists()
    after = counts()
    for table in ("RespiteApplication", "Decision", "Need", "Placement"):
        assert after[table] == before[table] + 1, table


def test_running_the_decisions_import_twice_changes_nothing(bergen, bergen_admin, homes):
    def file():
        return decisions_file(decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend"),
                              decision("B-1", track="barnevern"), decision("V-3", period_to="2020-01-01"))

    first = import_decisions(municipality=bergen, file=file(), by=bergen_admin, dry_run=False)
    after_first = counts()
    second = import_decisions(municipality=bergen, file=file(), by=bergen_admin, dry_run=False)

    assert [r.outcome for r in first.rows] == [RowOutcome.IMPORTED, RowOutcome.IMPORTED, RowOutcome.REJECTED]
    assert [r.outcome for r in second.rows] == [RowOutcome.SKIPPED, RowOutcome.SKIPPED, RowOutcome.REJECTED]
    assert counts() == after_first


def test_an_ekstern_id_used_twice_in_a_file_rejects_both_rows(bergen, bergen_admin):
    report = import_homes(municipality=bergen, file=homes_file(home("H-1"), home("H-2"), home("H-1")), by=bergen_admin, dry_run=False)

    assert [r.line for r in report.imported] == [3]
    assert {r.line: r.reasons for r in report.rejected} == {
        2: ["«ekstern_id» er brukt på flere rader i filen (også linje 4)."],
        4: ["«ekstern_id» er brukt på flere rader i filen (også linje 2)."],
    }


def test_a_decision_before_the_law_the_portal_cites_is_rejected(bergen, bergen_admin):
    """The portal cites barnevernsloven (2021) from 2023; an older vedtak waits until its provision is in the table."""
    report = import_decisions(municipality=bergen, file=decisions_file(decision("B-1", track="barnevern", decided="2022-11-01")),
                              by=bergen_admin, dry_run=False)
    assert report.rejected[0].reasons[0].startswith("Lovtabellen har ingen hjemmel")
    assert not ChildWelfareCase.objects.exists()


def test_a_decision_made_today_is_accepted(bergen, bergen_admin, homes):
    today = NOW.date()
    file = decisions_file(decision("V-1", decided=today.isoformat(), period_from=today.isoformat(),
                                   period_to=(today + timedelta(days=60)).isoformat()))
    assert import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=False).ok
