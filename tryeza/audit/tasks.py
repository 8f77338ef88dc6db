"""The audit app's background task (django-tasks; the worker is ``manage.py db_worker``):
a walk of the whole chain, which takes as long as the log is long."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from tryeza.audit.models import Verification, VerificationStatus
from tryeza.audit.services import audit_verify, verification_record
from tryeza.log import without_message

logger = logging.getLogger(__name__)


def _update(verification_id: int, **fields: object) -> None:
    # Each update commits on its own, so the audit page sees the progress while it runs.
    Verification.objects.filter(pk=verification_id).update(**fields)


@task()
def verify_chain(verification_id: int) -> None:
    verification = Verification.objects.filter(pk=verification_id).first()
    if verification is None or verification.status != VerificationStatus.QUEUED:
        return
    _update(verification_id, status=VerificationStatus.RUNNING)
    try:
        check = audit_verify(progress=lambda percent: _update(verification_id, progress=percent))
    except Exception as exc:
        logger.error("Audit verification %s failed: %s", verification_id, without_message(exc))
        _update(verification_id, status=VerificationStatus.FAILED, finished_at=timezone.now())
        return
    verification_record(verification, check)
