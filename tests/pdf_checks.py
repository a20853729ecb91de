"""What can be checked of PDF/A-2b without a full validator (none installs here; full validation is left to the
kommune's archive): the declared part and conformance in the XMP metadata, every font embedded, an sRGB output
intent, no JavaScript, no encryption, no embedded files. And the text, read back with pypdf."""

import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(reader):
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for font in (fonts.get_object().values() if fonts else []):
            font = font.get_object()
            yield font
            for descendant in font.get("/DescendantFonts", []):
                yield descendant.get_object()


def pdfa_problems(data: bytes) -> list[str]:
    """Empty when the PDF declares PDF/A-2b and meets the checkable requirements."""
    reader = PdfReader(io.BytesIO(data))
    problems = []
    if reader.is_encrypted:
        problems.append("encrypted")
    root = reader.trailer["/Root"].get_object()
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode() if metadata else ""
    if not re.search(r'pdfaid:part(="|>)2', xmp) or not re.search(r'pdfaid:conformance(="|>)B', xmp):
        problems.append("XMP does not declare PDF/A-2b")
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any("sRGB" in str(i.get("/OutputConditionIdentifier", "")) and "/DestOutputProfile" in i for i in intents):
        problems.append("no sRGB output intent")
    names = root.get("/Names")
    names = names.get_object() if names else {}
    if "/JavaScript" in names or "/JS" in str(root.get("/OpenAction", "")):
        problems.append("JavaScript")
    if "/EmbeddedFiles" in names:
        problems.append("embedded files")
    for font in _fonts(reader):
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant carries the descriptor
        if descriptor is None or not any(k.startswith("/FontFile") for k in descriptor.get_object()):
            problems.append(f"font not embedded: {font.get('/BaseFont')}")
    return problems
