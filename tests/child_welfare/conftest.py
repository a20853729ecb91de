from datetime import date

import pytest

from .test_registration import FATHER, MOTHER, register


@pytest.fixture
def case(bergen, bergen_caseworker):
    bergen.appeal_authority = "Statsforvalteren i Vestland"
    bergen.save(update_fields=["appeal_authority"])
    return register(bergen, bergen_caseworker, born=date(2011, 3, 14), guardians=[MOTHER, FATHER])  # 15 years old
