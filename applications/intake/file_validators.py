"""Attachments are checked by their content, not their name: PDF, JPEG or PNG only, at most 10 MB.

The size is checked first, before anything is read. Then the whole file is read: an image is decoded in full (a
decompression bomb — a small file that claims a huge picture — is refused before it is decoded), and a PDF's
objects are walked from its catalogue, refusing JavaScript, launch actions and embedded files. The content type found
here is stored with the file and is the only one it is ever served with.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
#: The largest picture accepted (a phone photo is 12–48 million pixels; an A4 page scanned at 300 dpi is 9 million).
MAX_PIXELS = 50_000_000
#: A PDF with more objects than this is not walked to the end; it is refused instead.
MAX_PDF_OBJECTS = 200_000
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
#: What may make a PDF run code or carry other files: keys of a dictionary anywhere in the document, and action types.
PDF_FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"}
PDF_FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/RichMediaExecute"}


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def _refuse(message, code, upload, exc=None):
    error = ValidationError(message, code=code, params={"name": upload.name})
    if exc is not None:
        raise error from exc
    raise error


def validate_attachment(upload) -> str:
    """The real content type of an upload, or a ValidationError in Norwegian."""
    if upload.size is None or upload.size > MAX_BYTES:
        _refuse(_("«%(name)s» er for stor. Største tillatte størrelse er 10 MB."), "too_large", upload)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        _refuse(_("«%(name)s» er ikke en PDF, JPEG eller PNG. Andre filtyper kan ikke lastes opp."), "bad_type", upload)
    try:
        if content_type == "application/pdf":
            _check_pdf(upload)
        else:
            _check_image(upload)
    finally:
        upload.seek(0)
    return content_type


def _check_image(upload) -> None:
    try:
        with warnings.catch_warnings():
            # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that; both are refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()  # decodes every byte: a truncated or corrupt picture fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        _refuse(_("«%(name)s» er et bilde med for mange piksler. Lagre det i lavere oppløsning og prøv igjen."),
                "too_many_pixels", upload, exc)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        _refuse(_("«%(name)s» ser ut som et bilde, men kan ikke leses."), "broken", upload, exc)


def _check_pdf(upload) -> None:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # 0 is PasswordType.NOT_DECRYPTED: a real password
            _refuse(_("«%(name)s» er passordbeskyttet. Last opp en PDF uten passord."), "encrypted", upload)
        if not len(reader.pages):  # parses the page tree
            raise ValueError("no pages")
        forbidden = _pdf_forbidden(reader)
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            NotImplementedError) as exc:
        _refuse(_("«%(name)s» ser ut som en PDF, men kan ikke leses. Lagre den på nytt som PDF og prøv igjen."),
                "broken", upload, exc)
    if forbidden:
        _refuse(_("«%(name)s» inneholder skript eller innebygde filer, og kan ikke lastes opp. Skriv den ut til en ny "
                  "PDF (for eksempel med «Skriv ut» → «Lagre som PDF») og prøv igjen."), "active_content", upload)


def _pdf_forbidden(reader: PdfReader) -> bool:
    """Whether any object reachable from the trailer (the catalogue, its names, pages, annotations, forms, outlines and
    actions) holds JavaScript, a launch action or an embedded file. Names are compared after pypdf has decoded them
    (a name written /J#53 is /JS)."""
    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if PDF_FORBIDDEN_KEYS & set(obj.keys()):
                return True
            if obj.get("/S") in PDF_FORBIDDEN_ACTIONS or obj.get("/Type") == NameObject("/Filespec") and "/EF" in obj:
                return True
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False
