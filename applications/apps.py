from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Søknader")

    def ready(self):
        """Register each area with the cross-cutting apps: wizards, outbox e-mails, reminder rules, periodic jobs,
        audit actions and statuses."""
        from besokshjem.audit.registry import register_actions, register_statuses, register_terms
        from besokshjem.outbox.registry import register as register_kinds
        from besokshjem.reminders.registry import register as register_rules
        from besokshjem.reminders.registry import register_periodic
        from besokshjem.tenancy.tracks import register_tracked

        from . import models
        from .golive.choices import GoLiveAction
        from .intake import emails as intake_emails
        from .intake import reminders as intake_reminders
        from .intake import respite_steps, services, volunteer_steps  # noqa: F401  (the wizards register themselves)
        from .placing import emails as placing_emails
        from .placing import reminders as placing_reminders
        from .respite import emails as respite_emails
        from .respite import reminders as respite_reminders
        from .volunteer import emails as volunteer_emails
        from .volunteer import reminders as volunteer_reminders

        register_kinds(*intake_emails.KINDS, *volunteer_emails.KINDS, *respite_emails.KINDS, *placing_emails.KINDS)
        register_rules(*intake_reminders.RULES, *volunteer_reminders.RULES, *respite_reminders.RULES, *placing_reminders.RULES)
        register_periodic(services.drafts_delete_expired)
        register_actions(models.CaseAction, models.VolunteerAction, models.RespiteAction, models.DecisionAction, models.ChildWelfareAction, GoLiveAction,
                         models.RetentionAction)
        register_statuses(models.ApplicationStatus, models.RespiteStatus, models.AppealStatus, models.ChildWelfareStatus)
        # The audit trail and the outbox show these rows to the unit for their track only (tjenstlig behov).
        register_tracked(models.RespiteApplication, track=models.RespiteApplication.legal_track)
        register_tracked(models.ChildWelfareCase, track=models.ChildWelfareCase.legal_track)
        register_tracked(models.InterimReply, track=models.RespiteApplication.legal_track)
        register_tracked(models.Decision, track_field="track")
        register_tracked(models.Appeal, track_field="decision__track")
        register_terms(models.Outcome, models.AttestOutcome, models.PersonRole,
                       **{models.HOUSEHOLD_KEY_PREFIX.rstrip(":"): models.PersonRole.HOUSEHOLD.label})
