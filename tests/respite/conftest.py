"""The parent persona: a complete application for avlastning in Bergen, unsent (`parent_draft`) and received."""

import pytest

from ..factories import RespiteApplicationFactory
from ..respite_helpers import submit


@pytest.fixture
def parent_draft(bergen):
    return RespiteApplicationFactory(municipality=bergen)


@pytest.fixture
def received(parent_draft, on_commit):
    with on_commit():
        return submit(parent_draft)
