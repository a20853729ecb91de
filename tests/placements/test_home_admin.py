"""The approved home in the admin: when it can take a child is shown in words and changed only on the home's workspace
page (through the service that checks and logs it), never as lists of numbers typed into the admin."""

from django.urls import reverse

from placements.models import ApprovedHome

from .factories import ApprovedHomeFactory


def test_availability_is_shown_in_words_and_not_editable_here(client, bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, weekends_of_month=[1, 3], weekdays=[0, 2])
    client.force_login(bergen_caseworker)
    url = reverse("admin:placements_approvedhome_change", args=[home.pk])
    page = client.get(url).content.decode()
    assert "1. helg, 3. helg" in page and "mandag, onsdag" in page
    assert 'name="weekends_of_month"' not in page and 'name="weekdays"' not in page
    assert reverse("caseworker:home", args=[home.pk]) in page

    form = {"capacity": "2", "age_min": "6", "age_max": "12", "frequency": "", "area": "Bergen",
            "weekends_of_month": "[5]", "weekdays": "[6]", "own_bedroom": "on", "_save": "Lagre"}
    assert client.post(url, form).status_code == 302  # saved: the other fields are still edited here
    home = ApprovedHome.objects.get(pk=home.pk)
    assert home.capacity == 2 and (home.weekends_of_month, home.weekdays) == ([1, 3], [0, 2])


def test_a_change_made_in_the_admin_is_in_the_homes_history(client, bergen, bergen_caseworker):
    from besokshjem.audit.models import AuditEntry
    from placements.models import PlacementAction

    home = ApprovedHomeFactory(municipality=bergen, capacity=1, area="Bergen")
    client.force_login(bergen_caseworker)
    url = reverse("admin:placements_approvedhome_change", args=[home.pk])
    form = {"capacity": "2", "age_min": "6", "age_max": "12", "frequency": "", "area": "Åsane", "own_bedroom": "on", "_save": "Lagre"}
    assert client.post(url, form).status_code == 302
    [entry] = AuditEntry.objects.filter(action=PlacementAction.HOME_DETAILS_CHANGED, object_id=home.pk)
    assert entry.actor == bergen_caseworker and entry.municipality == bergen
    assert entry.note == "Antall barn om gangen, Område"
    assert client.post(url, form).status_code == 302  # saved again unchanged: nothing more to log
    assert AuditEntry.objects.filter(action=PlacementAction.HOME_DETAILS_CHANGED).count() == 1
