from django.http import HttpResponse


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A generated letter as a download that no cache keeps."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
