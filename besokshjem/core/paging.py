"""A paginator for lists that may hold tens of thousands of cases: it counts at most CAP rows, so a list is never
counted twice or in full; beyond that the page says «10 000+». (Not PostgreSQL's table-wide estimate: that is wrong
for a filtered list and would reveal other kommuners' volumes.)"""

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property

CAP = 10_000


class CappedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        """The number of rows, or CAP + 1 when there are more than CAP (one COUNT over at most CAP + 1 rows, unsorted:
        sorting the kommune's 5,000 cases first took longer than counting them)."""
        rows = self.object_list.order_by() if hasattr(self.object_list, "order_by") else self.object_list
        return rows[: CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > CAP

    @property
    def count_display(self) -> str:
        return f"{number_format(CAP, force_grouping=True)}+" if self.capped else number_format(self.count, force_grouping=True)
