"""The models of both kinds of application, one module per area; the app label and tables stay `applications`."""

from .case import Case, CaseAction, Disqualification, ReferenceSequence
from .child_welfare import ChildWelfareAction, ChildWelfareCase, ChildWelfareStatus, Guardian
from .respite import (
    Appeal,
    AppealStatus,
    Attachment,
    Decision,
    DecisionAction,
    DecisionDelivery,
    DecisionStatus,
    InfoSource,
    InterimReply,
    Outcome,
    RespiteAction,
    RespiteApplication,
    RespiteStatus,
    ScopePeriod,
    WantedService,
    attachment_path,
)
from .retention import RetentionAction, RetentionRules
from .volunteer import (
    HOUSEHOLD_KEY_PREFIX,
    MEETING_CANCELLED,
    MEETING_HELD,
    MEETING_SCHEDULED,
    ApplicationStatus,
    AttestOutcome,
    DeclarationSignature,
    DeclarationText,
    HealthRating,
    HouseholdMember,
    HousingTenure,
    HousingType,
    Meeting,
    MeetingKind,
    MeetingStatus,
    OtherAssignment,
    PersonRole,
    PoliceCertificate,
    PurposeConfirmation,
    Relation,
    RespiteHomeMode,
    SiblingPair,
    VolunteerAction,
    VolunteerApplication,
    attest_copy_path,
)

__all__ = [
    "Disqualification",
    "ChildWelfareAction", "ChildWelfareCase", "ChildWelfareStatus", "Guardian",
    "HOUSEHOLD_KEY_PREFIX", "MEETING_CANCELLED", "MEETING_HELD", "MEETING_SCHEDULED", "CaseAction", "RespiteAction", "VolunteerAction",
    "Appeal", "AppealStatus", "ApplicationStatus", "AttestOutcome", "Attachment", "Case", "Decision", "DecisionAction", "DecisionDelivery", "DecisionStatus", "ScopePeriod", "DeclarationSignature",
    "DeclarationText", "HealthRating", "HouseholdMember", "HousingTenure", "HousingType", "InfoSource", "InterimReply", "Meeting",
    "MeetingKind", "MeetingStatus", "OtherAssignment", "Outcome", "PersonRole", "PoliceCertificate", "PurposeConfirmation",
    "ReferenceSequence", "Relation", "RetentionAction", "RetentionRules", "RespiteApplication", "RespiteHomeMode", "RespiteStatus", "SiblingPair", "VolunteerApplication",
    "WantedService", "attachment_path", "attest_copy_path",
]
