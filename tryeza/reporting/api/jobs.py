"""The bi-annual report through the API: ask for it, follow its progress, download it.
Same rules as the pages (``report.jobs``); a job outside the caller's scope is a 404."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.reporting.api.base import HalfYearField, actor, refusals, region_for
from tryeza.reporting.models import JobStatus, ReportFormat, ReportJob
from tryeza.reporting.report import jobs


class JobIn(serializers.Serializer[Any]):
    region = serializers.CharField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A region's ISO code; leave out for the national consolidation."),
    )
    period = HalfYearField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    format = serializers.ChoiceField(choices=ReportFormat.choices)


class JobOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    period = serializers.CharField()
    language = serializers.CharField()
    format = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    progress = serializers.IntegerField(help_text=gettext_lazy("Percent done."))
    error = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download = serializers.SerializerMethodField()

    def get_download(self, job: ReportJob) -> str | None:
        if job.status != JobStatus.DONE:
            return None
        return reverse("api-reporting-job-download", kwargs={"pk": job.pk})


class Jobs(APIView):
    """Ask for a region's bi-annual report, or ONAC's national consolidation."""

    @extend_schema(operation_id="reporting_job_create", request=JobIn, responses={201: JobOut})
    def post(self, request: Request) -> Response:
        given = JobIn(data=request.data)
        given.is_valid(raise_exception=True)
        code = given.validated_data.get("region")
        region = region_for(request.user, code) if code else None
        if not jobs.may_request(request.user, region.pk if region else None):
            raise Http404
        with refusals():
            job = jobs.report_request(
                user=actor(request),
                region=region,
                period=given.validated_data["period"],
                language=given.validated_data["language"],
                format=given.validated_data["format"],
            )
        return Response(JobOut(job).data, status=status.HTTP_201_CREATED)


class Job(APIView):
    """A report job's progress; poll it until ``status`` is done or failed."""

    @extend_schema(operation_id="reporting_job", responses=JobOut)
    def get(self, request: Request, pk: int) -> Response:
        job = jobs.job_for_user(request.user, pk)
        if job is None:
            raise Http404
        return Response(JobOut(job).data)


class JobDownload(APIView):
    """The finished report's file (PDF or XLSX)."""

    @extend_schema(operation_id="reporting_job_download", responses={200: OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        job = jobs.job_for_user(request.user, pk, with_file=True)
        if job is None or job.status != JobStatus.DONE:
            raise Http404
        data = jobs.report_download(user=actor(request), job=job)
        response = HttpResponse(data, content_type=jobs.CONTENT_TYPES[job.format])
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
        return response
