"""One layout for every official letter: sender, addressee (a confidential address never printed), our reference,
date, page numbers, signature; rendered as PDF/A-2b."""

from datetime import date

from weasyprint import HTML

from besokshjem.core.letters import Addressee, Letter, Signer, letter_pdf

from ..pdf_checks import pdf_text, pdfa_problems


def letter(bergen, **extra) -> Letter:
    return Letter(municipality=bergen, reference="BGO-2026-00042", date=date(2026, 11, 30), title="Vedtak om avlastning",
                  signer=Signer(name="Tove Testesen", title="rådgiver"), unit="Etat for barn og familie", **extra)


def render(bergen, **extra) -> bytes:
    return letter_pdf(template="pdf/base.html", letter=letter(bergen, **extra), context={})


def test_a_letter_has_sender_addressee_reference_date_pages_and_signature(bergen):
    text = pdf_text(render(bergen, addressee=Addressee("Mona Testforelder", ("Eksempelgata 2", "5015 Bergen")),
                           copies=("Per Testforelder",)))
    assert "Bergen kommune" in text and "Etat for barn og familie" in text
    assert "Mona Testforelder" in text and "Eksempelgata 2" in text and "5015 Bergen" in text
    assert "BGO-2026-00042" in text and "30. november 2026" in text
    assert "Side 1 av 1" in text
    assert "Tove Testesen" in text and "Rådgiver" in text and "godkjent elektronisk" in text
    assert "Kopi til: Per Testforelder" in text


def test_a_confidential_address_is_never_printed(bergen):
    text = pdf_text(render(bergen, addressee=Addressee("Mona Testforelder", ("Hemmeligveien 9", "0150 Oslo"), confidential=True)))
    assert "Mona Testforelder" in text
    assert "Hemmeligveien" not in text and "0150" not in text


def test_letters_are_pdf_a_2b(bergen):
    data = render(bergen, addressee=Addressee("Mona Testforelder"))
    assert data.startswith(b"%PDF")
    assert pdfa_problems(data) == []


def test_the_pdf_a_check_can_fail():
    plain = HTML(string="<p>Ikke arkivformat</p>").write_pdf()
    assert "XMP does not declare PDF/A-2b" in pdfa_problems(plain)
    assert "no sRGB output intent" in pdfa_problems(plain)
