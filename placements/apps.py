from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Godkjente hjem og tiltak")

    def ready(self):
        from besokshjem.audit.registry import register_actions, register_statuses, register_terms
        from besokshjem.core import sections
        from besokshjem.tenancy.tracks import register_tracked

        from .models import (
            FollowUp,
            FollowUpKind,
            HomeStatus,
            Need,
            Placement,
            PlacementAction,
            PlacementStatus,
            Proposal,
            ProposalStatus,
            ScheduleKind,
            ServiceType,
            TimeSheet,
            TimeSheetStatus,
        )
        from .waiting import public_recruitment_need

        register_actions(PlacementAction)
        # The audit trail and the outbox show these rows to the unit for their need's track only (tjenstlig behov).
        register_tracked(Need, track_field="track")
        register_tracked(Proposal, track_field="need__track")
        register_tracked(Placement, track_field="need__track")
        register_tracked(FollowUp, track_field="placement__need__track")
        register_tracked(TimeSheet, track_field="placement__need__track")
        register_statuses(HomeStatus, ProposalStatus, PlacementStatus, TimeSheetStatus)
        register_terms(ServiceType, ScheduleKind, FollowUpKind)
        sections.register("home_type", public_recruitment_need)
