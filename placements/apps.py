from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Godkjente hjem og tiltak")

    def ready(self):
        from besokshjem.audit.registry import register_actions, register_statuses, register_terms
        from besokshjem.core import sections

        from .models import (
            FollowUpKind,
            HomeStatus,
            PlacementAction,
            PlacementStatus,
            ProposalStatus,
            ScheduleKind,
            ServiceType,
            TimeSheetStatus,
        )
        from .waiting import public_recruitment_need

        register_actions(PlacementAction)
        register_statuses(HomeStatus, ProposalStatus, PlacementStatus, TimeSheetStatus)
        register_terms(ServiceType, ScheduleKind, FollowUpKind)
        sections.register("home_type", public_recruitment_need)
