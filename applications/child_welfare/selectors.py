from django.db.models import QuerySet

from applications.models.child_welfare import ChildWelfareCase
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.selectors import municipalities_for


def child_welfare_cases_visible_to(*, user) -> QuerySet[ChildWelfareCase]:
    return (ChildWelfareCase.objects.filter(municipality__in=municipalities_for(user=user, track=LegalTrack.CHILD_WELFARE))
            .select_related("municipality", "assigned_to").prefetch_related("guardians"))
