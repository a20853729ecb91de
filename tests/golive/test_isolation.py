"""An import for Bergen never touches Lillestrøm: the same ekstern_id in both kommuner is two records, a re-run in
one does not skip because of the other, and a Bergen vedtak cannot point to a Lillestrøm home."""

from applications.golive.services import import_decisions, import_homes
from applications.models import RespiteApplication, VolunteerApplication
from besokshjem.audit.models import AuditEntry
from placements.models import ApprovedHome, Need, Placement

from .conftest import decision, decisions_file, home, homes_file


def _lillestrom_counts(lillestrom):
    return {
        "applications": VolunteerApplication.objects.filter(municipality=lillestrom).count(),
        "homes": ApprovedHome.objects.filter(municipality=lillestrom).count(),
        "cases": RespiteApplication.objects.filter(municipality=lillestrom).count(),
        "needs": Need.objects.filter(municipality=lillestrom).count(),
        "placements": Placement.objects.filter(home__municipality=lillestrom).count(),
        "audit": AuditEntry.objects.filter(municipality=lillestrom).count(),
    }


def test_the_same_ekstern_id_in_bergen_and_lillestrom_are_independent(bergen, bergen_admin, lillestrom, lillestrom_admin):
    import_homes(municipality=lillestrom, file=homes_file(home("H-1", area="Strømmen")), by=lillestrom_admin, dry_run=False)
    import_decisions(municipality=lillestrom, file=decisions_file(decision("V-1", home_key="H-1", start="2026-01-01",
                                                                           schedule="first_weekend")),
                     by=lillestrom_admin, dry_run=False)
    lillestrom_before = _lillestrom_counts(lillestrom)

    homes = import_homes(municipality=bergen, file=homes_file(home("H-1"), home("H-2")), by=bergen_admin, dry_run=False)
    decisions = import_decisions(municipality=bergen, file=decisions_file(
        decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend"),
        decision("V-2", home_key="H-9", start="2026-01-01", schedule="first_weekend"),
    ), by=bergen_admin, dry_run=False)

    assert [r.line for r in homes.imported] == [2, 3]  # not «finnes fra før»: H-1 is Lillestrøm's, not Bergen's
    assert [r.line for r in decisions.imported] == [2]
    assert _lillestrom_counts(lillestrom) == lillestrom_before
    bergen_home = ApprovedHome.objects.get(municipality=bergen, application__import_key="H-1")
    assert Placement.objects.get(need__decision__application__municipality=bergen).home == bergen_home
    assert bergen_home.application.reference.startswith("BGO-")
    assert ApprovedHome.objects.get(municipality=lillestrom).application.reference.startswith("LIL-")


def test_a_bergen_vedtak_cannot_be_placed_in_a_lillestrom_home(bergen, bergen_admin, lillestrom, lillestrom_admin):
    import_homes(municipality=lillestrom, file=homes_file(home("L-HOME")), by=lillestrom_admin, dry_run=False)

    report = import_decisions(municipality=bergen, file=decisions_file(
        decision("V-1", home_key="L-HOME", start="2026-01-01", schedule="first_weekend")), by=bergen_admin, dry_run=False)

    assert report.rejected[0].reasons == ["«hjem_ekstern_id» viser ikke til et hjem kommunen har importert."]
    assert not Placement.objects.exists()
