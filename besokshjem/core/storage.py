"""Private file storage: outside the static and media URLs, served only through views that check access."""

import contextvars
import os
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT on every use, so tests (and deployments) can move it."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    return PrivateStorage()


# --- No orphaned files ------------------------------------------------------------------------------------------------
# A file is written to storage inside the transaction that creates its row. A database cannot roll a file back, so a
# service that writes files runs in `files_removed_on_rollback()` (a transaction.atomic that also remembers what
# `file_save` wrote): when the block fails, the files it wrote are deleted again. Nested blocks hand their files to
# the enclosing one, so a file is kept only when the outermost guarded transaction succeeds.

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar("besokshjem_files_written", default=None)


@contextmanager
def files_removed_on_rollback():
    """transaction.atomic() that deletes the files written in it through `file_save` if it rolls back."""
    outer = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)


def file_save(field_file, name: str, content) -> None:
    """Write an upload to its FileField (without saving the row). Inside `files_removed_on_rollback` it is removed
    again if that transaction fails; anywhere else it is refused, so no caller can forget."""
    written = _written.get()
    if written is None:
        raise RuntimeError("file_save() must run inside files_removed_on_rollback().")
    field_file.save(name, content, save=False)
    written.append((field_file.storage, field_file.name))
