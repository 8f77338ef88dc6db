"""The walk of the audit chain in a real browser: the officer asks for it, the progress
bar polls while the real worker walks, and the chain's state replaces the bar."""

import pytest
from django.core.management import call_command

from tryeza.audit.models import AuditEntry
from tryeza.audit.services import audit_record
from tryeza.meetings.tests.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_officer_walks_the_chain_and_sees_it_broken(
    live_geography, live_server, page, cpu_worker, data_protection_officer, worker_signals
):
    for ref in ("EL-2026-0001", "EL-2026-0002"):
        audit_record(actor=cpu_worker, action="case.reveal", object_type="case", object_ref=ref)
    call_command("verify_audit", verbosity=0)
    AuditEntry.objects.filter(object_ref="EL-2026-0001").update(action="case.view")

    sign_in(page, live_server, data_protection_officer.username)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_text("The chain is intact: 2 entries verified.").wait_for()
    page.get_by_role("button", name="Walk the whole chain now").click()
    page.get_by_label("Walking the whole chain").wait_for()

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    # Without a reload: the bar's next poll brings the chain's state in its place.
    page.get_by_role("alert").get_by_text("The chain is broken").wait_for()
    assert page.get_by_label("Walking the whole chain").count() == 0
    assert page.locator("#chain").count() == 1
