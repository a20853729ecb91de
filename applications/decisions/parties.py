"""Who is a party to a decision and gets it: every person with parental responsibility, and on the barnevern track
the child who has turned 15. Each party gets a letter of their own (no party sees another's address; a confidential
address is never printed)."""

from dataclasses import dataclass
from datetime import date

from besokshjem.core.letters import Addressee


@dataclass(frozen=True)
class Party:
    key: str  # stable within the case: "guardian:1", "guardian:2", "guardian:<id>", "child"
    name: str
    email: str
    language: str
    addressee: Addressee


def _lines(address: str, postcode: str, town: str) -> tuple[str, ...]:
    return tuple(line for line in (address.strip(), f"{postcode} {town}".strip()) if line)


def respite_parties(application) -> list[Party]:
    """The guardians on a parent's application who have parental responsibility (the applicant always is a party)."""
    parties = [Party(
        key="guardian:1", name=application.guardian_name, email=application.guardian_email, language=application.language,
        addressee=Addressee(application.guardian_name, _lines(application.guardian_address, application.guardian_postcode,
                                                              application.guardian_post_town)),
    )]
    if application.second_guardian and application.second_guardian_has_parental_responsibility and application.second_guardian_name:
        parties.append(Party(
            key="guardian:2", name=application.second_guardian_name, email=application.second_guardian_email,
            language=application.language, addressee=Addressee(application.second_guardian_name),
        ))
    return parties


def child_welfare_parties(case, on: date) -> list[Party]:
    """The guardians with parental responsibility, and the child from 15 years on the day of the decision."""
    parties = [
        Party(key=f"guardian:{g.pk}", name=g.name, email=g.email, language="nb",
              addressee=Addressee(g.name, _lines(g.address, g.postcode, g.post_town), confidential=g.address_confidential))
        for g in case.guardians.all() if g.has_parental_responsibility
    ]
    if case.child_is_party_on(on):
        parties.append(Party(
            key="child", name=case.child_name, email="", language="nb",
            addressee=Addressee(case.child_name, _lines(case.child_address, case.child_postcode, case.child_post_town),
                                confidential=case.child_address_confidential),
        ))
    return parties
