def test_submitted_application_gets_reference(submitted):
    assert submitted.reference.startswith("BGO-")
