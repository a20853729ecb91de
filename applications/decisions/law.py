"""Which provisions a decision cites, by its legal track and service. The citations themselves are national data in
besokshjem.legal (one table, each provision from its date); these are the keys into it."""

from besokshjem.legal.selectors import references
from besokshjem.tenancy.choices import LegalTrack

SUPPORT_CONTACT = "support_contact"


def basis_key(track: str, service_type: str) -> str:
    if track == LegalTrack.CHILD_WELFARE:
        return "basis.child_welfare.measure"
    return "basis.health_care.support_contact" if service_type == SUPPORT_CONTACT else "basis.health_care.respite"


def letter_keys(track: str, service_type: str) -> dict[str, str]:
    """Role in the letter -> key in the legal table."""
    return {
        "basis": basis_key(track, service_type),
        "appeal": f"appeal.{track}",
        "appeal_body": f"appeal_body.{track}",
        "late_appeal": "late_appeal.health_care" if track == LegalTrack.HEALTH_CARE else "late_appeal",
        "reasons": "reasons",
        "access": "access_to_documents",
        "best_interests": "best_interests",
        "individual_plan": "individual_plan",
        "coordinator": "coordinator",
    }


def citations(track: str, service_type: str, on) -> dict:
    """Role -> the LegalReference in force on `on` (one query)."""
    keys = letter_keys(track, service_type)
    found = references(list(keys.values()), on=on)
    return {role: found[key] for role, key in keys.items()}
