"""Official letters: one layout for every letter the portal produces (vedtak, foreløpig svar, answers to appeals,
formålsbekreftelse, agreements), rendered as PDF/A-2b as Norwegian public archives (Noark 5) expect.

A letter names its sender (the kommune and the unit), one addressee (each party gets a letter of their own, so no
party's address is shown to another; a confidential address is never printed), our reference, the date, and who
signs with their title. The layout is templates/pdf/base.html; each kind of letter fills its `content` block.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .pdf import render_pdf


@dataclass(frozen=True)
class Addressee:
    name: str
    address_lines: tuple[str, ...] = ()
    #: A fortrolig or strengt fortrolig address (or one the party asked to keep to themselves): never printed.
    confidential: bool = False

    @property
    def printed_lines(self) -> tuple[str, ...]:
        return () if self.confidential else tuple(line for line in self.address_lines if line.strip())


@dataclass(frozen=True)
class Signer:
    name: str
    title: str


@dataclass(frozen=True)
class Letter:
    municipality: object
    reference: str
    date: date
    title: str
    addressee: Addressee | None = None
    signer: Signer | None = None
    #: The other parties who get the same letter, by name only.
    copies: tuple[str, ...] = field(default_factory=tuple)
    #: The unit that sends and signs the letter: the one that handles the case (tenancy.selectors.unit_name), else the
    #: kommune's contact unit.
    unit: str = ""

    @property
    def sender_unit(self) -> str:
        return self.unit or getattr(self.municipality, "contact_unit", "")


def written_date(day: date) -> str:
    """«12. januar 2027»: a date as the workspace, its letters and e-mails write it (in the active language)."""
    return date_format(day, "j. F Y")


#: Said under an electronically approved letter, as Norwegian public bodies do.
ELECTRONIC_SIGNATURE_NOTE = _("Dokumentet er godkjent elektronisk og har derfor ingen håndskrevet signatur.")


#: The title under a signature when the user has not recorded one.
DEFAULT_TITLE = _("saksbehandler")


def signer_of(user) -> Signer:
    """The signature block of a caseworker: full name and title (the user's own title where one is recorded)."""
    return Signer(name=user.get_full_name(), title=str(user.title or DEFAULT_TITLE))


def letter_pdf(*, template: str, letter: Letter, context: dict, language: str = "nb", keep: bool = False) -> bytes:
    """Render a letter (PDF/A-2b) from a template that extends pdf/base.html (`keep`: see render_pdf)."""
    return render_pdf(template=template, language=language, keep=keep, context={
        **context, "letter": letter, "municipality": letter.municipality, "ELECTRONIC_SIGNATURE_NOTE": ELECTRONIC_SIGNATURE_NOTE,
    })
