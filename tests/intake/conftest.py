"""The parent persona's unsent application for avlastning (the volunteer applicant's is the shared `draft`)."""

import pytest

from ..factories import RespiteApplicationFactory


@pytest.fixture
def parent_draft(bergen):
    return RespiteApplicationFactory(municipality=bergen)
