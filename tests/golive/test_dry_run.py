"""A dry run reads every row, reports each one it would reject (line number and every reason), and stores nothing: not
a home, a case, a vedtak, a need, a placement, a reference number or an audit entry. Its report is what the real run
then does."""

from applications.golive.report import DECISIONS, HOMES
from applications.golive.services import import_decisions, import_files, import_homes

from .conftest import counts, decision, decisions_file, home, homes_file


def _homes_with_bad_rows():
    return homes_file(
        home("H-1"),                                                        # line 2: good
        home("H-2", email="", capacity="0"),                                # line 3: two problems
        home("H-3", age_from="12", age_to="6", weekends="1|6"),             # line 4: two problems
        home("H-4", roles="besøkshjem|fosterhjem", approved="2025-02-30"),  # line 5: two problems
        home("H-5", roles="støttekontakt", weekends="", weekdays="0|2", hours_from="15:00", hours_to="19:00"),  # line 6: good
    )


def test_a_dry_run_over_good_and_bad_homes_reports_each_bad_row_and_stores_nothing(bergen, bergen_admin):
    before = counts()

    report = import_homes(municipality=bergen, file=_homes_with_bad_rows(), by=bergen_admin, dry_run=True)

    assert counts() == before
    assert report.dry_run and not report.ok
    assert [row.line for row in report.imported] == [2, 6]
    assert {row.line: row.reasons for row in report.rejected} == {
        3: ["«e_post» mangler.", "«kapasitet» må være et helt tall fra 1 til 10."],
        4: ["«helger» må være tall fra 1 til 5 skilt med |, hvert bare én gang.", "«alder_fra» kan ikke være høyere enn «alder_til»."],
        5: ["«roller» må være én eller flere av besøkshjem, avlastningshjem, støttekontakt, skilt med |, hver bare én gang.",
            "«godkjent_dato» er ikke en dato. Skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ."],
    }
    assert "Ville blitt importert: 2. Finnes fra før: 0. Avvist: 3." in report.as_text()


def test_a_dry_run_over_good_and_bad_decisions_reports_each_bad_row_and_stores_nothing(bergen, bergen_admin):
    import_homes(municipality=bergen, file=homes_file(home("H-1")), by=bergen_admin, dry_run=False)
    before = counts()
    file = decisions_file(
        decision("V-1"),                                                                    # line 2: waiting list
        decision("V-2", home_key="H-1", start="2026-01-01", schedule="first_weekend"),      # line 3: placed
        decision("V-3", track="sosial", unit="time"),                                       # line 4: two problems
        decision("V-4", home_key="H-9", start="2026-01-01", schedule="first_weekend"),      # line 5: unknown home
        decision("V-5", period_to="2026-03-31"),                                            # line 6: over
        decision("V-6", born="2007-01-01", period_from="2026-01-01"),                       # line 7: 18 on the first day
        decision("V-7", home_key="H-1", start="2026-01-01", schedule="weekly"),              # line 8: no weekday or hours
    )

    report = import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=True)

    assert counts() == before
    assert [row.line for row in report.imported] == [2, 3]
    assert {row.line: row.reasons for row in report.rejected} == {
        4: ["«spor» må være en av: helse_og_omsorg, barnevern.",
            "«omfang_enhet» passer ikke til «tjeneste»: besøkshjem og avlastningshjem regnes i helg eller døgn, avlastning_time og "
            "støttekontakt i time."],
        5: ["«hjem_ekstern_id» viser ikke til et hjem kommunen har importert."],
        6: ["Vedtaket er utløpt («til_dato» er passert): bare løpende vedtak og ventelisten importeres."],
        7: ["Barnet er 18 år eller eldre på «fra_dato»."],
        8: ["«ukedag» mangler.", "«fra_klokken» mangler (fast_ordning weekly).", "«til_klokken» mangler (fast_ordning weekly)."],
    }


def test_a_wrong_unit_is_reported_together_with_the_other_problems_of_the_row(bergen, bergen_admin):
    file = decisions_file(decision("V-1", unit="time", amount="0", guardian=""))
    report = import_decisions(municipality=bergen, file=file, by=bergen_admin, dry_run=True)
    assert report.rejected[0].reasons == [
        "«foresatt_navn» mangler.", "«omfang_antall» må være et helt tall fra 1 til 99.",
        "«omfang_enhet» passer ikke til «tjeneste»: besøkshjem og avlastningshjem regnes i helg eller døgn, avlastning_time og "
        "støttekontakt i time.",
    ]


def test_the_dry_run_reports_what_the_real_run_then_does(bergen, bergen_admin):
    dry = import_homes(municipality=bergen, file=_homes_with_bad_rows(), by=bergen_admin, dry_run=True)
    real = import_homes(municipality=bergen, file=_homes_with_bad_rows(), by=bergen_admin, dry_run=False)
    assert [(r.line, r.outcome, r.reasons) for r in dry.rows] == [(r.line, r.outcome, r.reasons) for r in real.rows]
    assert not real.dry_run


def test_a_dry_run_of_homes_and_decisions_together_places_children_in_homes_of_the_same_import(bergen, bergen_admin):
    before = counts()
    homes, decisions = homes_file(home("H-1")), decisions_file(
        decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend"))

    reports = import_files(municipality=bergen, by=bergen_admin, files=[(HOMES, homes), (DECISIONS, decisions)], dry_run=True)

    assert [r.ok for r in reports] == [True, True]
    assert [len(r.imported) for r in reports] == [1, 1]
    assert counts() == before
