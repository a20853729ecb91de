"""The waiting list with a frozen clock: a vedtak waits from the later of its day and its period's start, leaves the
list exactly when its first placement date has begun; the figures (median, longest) on a known set; the recruitment
need counts the waiting children by role, area and age band, and the public version never shows a group under 5."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from besokshjem.core.csv_export import csv_text, safe_cell
from placements.waiting import PUBLIC_MINIMUM, recruitment_need, waiting_figures, waiting_list

from ..factories import make_caseworker
from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def frozen(day: date, hour: int = 12):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=OSLO), tick=False)


def test_a_need_waits_from_its_period_and_leaves_the_list_when_its_first_date_begins(bergen):
    caseworker = make_caseworker(bergen)
    with frozen(date(2026, 12, 1)):
        need = make_need(bergen, caseworker)  # decided 1 December 2026, period from 1 January 2027
        home = ApprovedHomeFactory(municipality=bergen)
        placement = place(need, home, caseworker)  # first weekend of January 2027: Friday 1 January 17:00
    with frozen(date(2026, 12, 20)):
        [row] = waiting_list(municipalities=[bergen])
        assert row.since == date(2027, 1, 1) and row.days == 0  # not begun: on the list, no days yet
    assert placement.first_date_at == datetime(2027, 1, 1, 17, tzinfo=OSLO)
    with time_machine.travel(datetime(2027, 1, 1, 16, 59, tzinfo=OSLO), tick=False):
        assert [w.need for w in waiting_list(municipalities=[bergen])] == [need]
    with time_machine.travel(datetime(2027, 1, 1, 17, 0, tzinfo=OSLO), tick=False):
        assert waiting_list(municipalities=[bergen]) == []


def test_the_figures_on_a_known_set(bergen, lillestrom):
    caseworker = make_caseworker(bergen)
    with frozen(date(2027, 1, 1)):
        for _ in range(2):
            make_need(bergen, caseworker)  # besøkshjem, waiting from 1 January
        make_need(bergen, caseworker, service_type="support_contact", scope_amount=4, scope_unit="hour", scope_period="week")
    with frozen(date(2027, 1, 21)):
        make_need(bergen, caseworker, period_from=date(2027, 1, 21))  # waiting from 21 January
    make_need(lillestrom, make_caseworker(lillestrom))  # another kommune: never on Bergen's list
    with frozen(date(2027, 1, 31)):
        rows = waiting_list(municipalities=[bergen])
        figures = waiting_figures(rows)
    assert [w.days for w in rows] == [30, 30, 30, 10]
    assert (figures["total"].waiting, figures["total"].median_days, figures["total"].longest_days) == (4, 30, 30)
    by_label = {f.label: f for f in figures["groups"]}
    visiting = next(f for label, f in by_label.items() if label.startswith("Besøkshjem"))
    assert (visiting.waiting, visiting.median_days, visiting.longest_days) == (3, 30, 30)
    support = next(f for label, f in by_label.items() if label.startswith("Støttekontakt"))
    assert (support.waiting, support.median_days, support.longest_days) == (1, 30, 30)


def test_the_recruitment_need_by_role_area_and_age_band_and_never_a_small_group_in_public(bergen):
    caseworker = make_caseworker(bergen)
    with frozen(date(2027, 1, 1)):
        for _ in range(PUBLIC_MINIMUM):
            make_need(bergen, caseworker, born=date(2018, 6, 1), post_town="Åsane")  # 8 years old
        for _ in range(PUBLIC_MINIMUM - 1):
            make_need(bergen, caseworker, born=date(2012, 6, 1), post_town="Fana")  # 14 years old
        rows = waiting_list(municipalities=[bergen])
        everything = recruitment_need(rows)
        public = recruitment_need(rows, minimum=PUBLIC_MINIMUM)
    assert [(r.home_type, r.area, r.age_min, r.age_max, r.children) for r in everything] == [
        ("visiting", "Åsane", 6, 12, 5), ("visiting", "Fana", 13, 17, 4)]
    assert [(r.area, r.children) for r in public] == [("Åsane", 5)]
    assert {f for r in public for f in vars(r)} == {"home_type", "home_type_label", "area", "age_min", "age_max", "children"}  # counts only


def test_a_cell_that_a_spreadsheet_would_run_is_escaped():
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [safe_cell(v) for v in ("+47", "-1", "@SUM(A1)", "Åsane", 12)] == ["'+47", "'-1", "'@SUM(A1)", "Åsane", "12"]
    assert csv_text(["a"], [["=1+1"]]) == "a\r\n'=1+1\r\n"


def test_the_role_page_shows_the_recruitment_need_only_for_groups_of_five_and_without_personal_data(client, bergen):
    caseworker = make_caseworker(bergen)
    with frozen(date(2027, 1, 1)):
        needs = [make_need(bergen, caseworker, born=date(2018, 6, 1), post_town="Åsane") for _ in range(PUBLIC_MINIMUM - 1)]
        url = "/kommune/bergen/besokshjem/"
        assert "Her trenger vi særlig flere" not in client.get(url).content.decode()  # four: too few to show
        needs.append(make_need(bergen, caseworker, born=date(2018, 6, 1), post_town="Åsane"))
        page = client.get(url).content.decode()
    assert "besøkshjem i Åsane for barn 6–12 år" in page
    for need in needs:
        case = need.decision.case
        assert case.child_first_name not in page and case.reference not in page
