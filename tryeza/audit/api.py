"""The audit chain through the API, for data-protection officers only (anyone else gets
the same 404 as for a missing route): its state, and a walk of the whole chain asked
for and followed, as on the audit page."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.audit.models import Verification, VerificationStatus
from tryeza.audit.selectors import can_read_audit
from tryeza.audit.services import chain_state, verification_ask


class WalkOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VerificationStatus.choices)
    progress = serializers.IntegerField(help_text=gettext_lazy("Percent done."))
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    entries = serializers.IntegerField(help_text=gettext_lazy("Entries that held."))
    holds = serializers.BooleanField()
    first_broken_id = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy("The first entry that did not hold; -1: entries removed."),
    )


class ChainOut(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    entries = serializers.IntegerField(help_text=gettext_lazy("Entries verified."))
    unchecked = serializers.IntegerField(
        help_text=gettext_lazy("Entries written since the last walk and not verified yet.")
    )
    walked = WalkOut(allow_null=True, help_text=gettext_lazy("The newest finished walk."))
    running = WalkOut(allow_null=True, help_text=gettext_lazy("A walk not finished."))


class AuditAPIView(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can_read_audit(request.user):
            raise Http404


class Chain(AuditAPIView):
    """Whether the audit chain holds: the entries written since the newest walk of the
    whole chain are checked now (5,000 at the most)."""

    @extend_schema(operation_id="audit_chain", responses=ChainOut)
    def get(self, request: Request) -> Response:
        return Response(ChainOut(chain_state()).data)


class Walks(AuditAPIView):
    """Ask the task worker to walk the whole chain; a walk already waiting or under way
    is answered instead of a second one."""

    @extend_schema(operation_id="audit_walk_create", request=None, responses={202: WalkOut})
    def post(self, request: Request) -> Response:
        walk = verification_ask(request.user)  # type: ignore[arg-type]
        return Response(WalkOut(walk).data, status=status.HTTP_202_ACCEPTED)


class Walk(AuditAPIView):
    """A walk's progress; poll it until ``status`` is done or failed."""

    @extend_schema(operation_id="audit_walk", responses=WalkOut)
    def get(self, request: Request, pk: int) -> Response:
        walk = Verification.objects.filter(pk=pk).first()
        if walk is None:
            raise Http404
        return Response(WalkOut(walk).data)
