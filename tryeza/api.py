"""What every API endpoint shares: pagination, validated query parameters and one error
format.

Every error answers with one shape::

    {"error": {"status": 404, "code": "not_found", "message": "…", "fields": {…}}}

``message`` is a sentence for a person, in the request's language; ``fields`` comes with
invalid input only and maps each parameter or body field to its messages.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger("tryeza.api")

# Longer query values are refused before any field sees them: no filter needs more, and
# a huge value must cost neither a query nor a page of echoed text.
MAX_QUERY_VALUE = 200

# The largest primary key a filter may name (a signed 64-bit column).
MAX_ID = 2**63 - 1

MESSAGES: dict[str, str | Promise] = {
    "invalid": _("Some of the values sent are not valid: see “fields”."),
    "parse_error": _("The request body could not be read. Send well-formed JSON."),
    "not_authenticated": _(
        "Sign in first: send your session cookie, or the header “Authorization: Token <key>” "
        "with a key from /api/v1/auth/token/."
    ),
    "authentication_failed": _("That token or those credentials are not valid."),
    "csrf_failed": _(
        "The request lacks a valid CSRF token. With session sign-in, send the X-CSRFToken "
        "header; or use token authentication."
    ),
    "permission_denied": _("You are not allowed to do this."),
    # One sentence whether the object does not exist or is outside the caller's reach.
    "not_found": _("There is nothing here, or nothing you are allowed to see."),
    "not_acceptable": _("This address cannot answer in the format asked for in “Accept”."),
    "unsupported_media_type": _("Send the request body as JSON (Content-Type: application/json)."),
    "server_error": _(
        "Something went wrong on our side. The error has been logged; please try again later."
    ),
}


class Pagination(PageNumberPagination):
    """Pages of ``page_size`` results (capped, not refused, above ``max_page_size``)."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        query_params(PageParams, request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.NotFound(_("There is no such page in these results.")) from None


class PageParams(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    def to_internal_value(self, data: Any) -> Any:
        # "last" is the one word the paginator understands besides a number.
        if data.get("page") == "last":
            data = {key: value for key, value in data.items() if key != "page"}
        return super().to_internal_value(data)


def query_params(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    """The request's query parameters checked by ``serializer_class``: its validated data,
    or a 400 naming each bad parameter. Empty values count as absent."""
    given = {key: str(value) for key, value in request.query_params.items() if value != ""}
    unusable = {key: [problem] for key, value in given.items() if (problem := _unusable(value))}
    if unusable:
        raise exceptions.ValidationError(unusable)
    checked = serializer_class(data=given)
    checked.is_valid(raise_exception=True)
    return checked.validated_data


def _unusable(value: str) -> str | None:
    """Why a query value is refused before any field sees it, if it is."""
    if len(value) > MAX_QUERY_VALUE:
        return _("At most %(limit)d characters are allowed.") % {"limit": MAX_QUERY_VALUE}
    if "\x00" in value:
        # PostgreSQL cannot even compare a string holding NUL.
        return str(_("Null characters are not allowed."))
    return None


def _plain(detail: Any) -> Any:
    """Error details as plain JSON values (strings, lists, dicts)."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_plain(item) for item in detail]
    return str(detail)


def _explicit(exc: exceptions.APIException) -> str | None:
    """The message an endpoint gave the exception, if it gave one."""
    detail = exc.detail
    if isinstance(detail, list | dict) or str(detail) == str(exc.default_detail):
        return None
    return str(detail)


def _describe(exc: exceptions.APIException, request: Any) -> dict[str, Any]:
    code = str(exc.default_code)
    body: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _plain(detail)
            general = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
            only_general = isinstance(general, list) and len(fields) == 1
            body["fields"] = fields
            message = " ".join(map(str, general)) if only_general else str(MESSAGES["invalid"])
        else:
            plain = _plain(detail)
            if all(isinstance(item, str) for item in plain):
                message = " ".join(plain)
            else:  # a list of items, each with its own errors
                body["fields"] = {api_settings.NON_FIELD_ERRORS_KEY: plain}
                message = str(MESSAGES["invalid"])
        return {"code": "invalid", "message": message, **body}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return {"code": code, "message": str(MESSAGES[code])}
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        return {"code": "csrf_failed", "message": str(MESSAGES["csrf_failed"])}
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = getattr(request, "method", "")
        message = _("This address does not accept the %(method)s method.") % {"method": method}
        return {"code": code, "message": message}
    if isinstance(exc, exceptions.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        message = ngettext(
            "Too many requests. Try again in %(wait)d second.",
            "Too many requests. Try again in %(wait)d seconds.",
            wait,
        ) % {"wait": wait}
        return {"code": code, "message": message}
    fallback = MESSAGES.get(code)
    message = _explicit(exc) or (str(fallback) if fallback else str(exc.detail))
    return {"code": code, "message": message}


def error_response(status_code: int, code: str, message: str) -> Response:
    return Response(
        {"error": {"status": status_code, "code": code, "message": message}}, status=status_code
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error in the one format. Unexpected failures answer a plain 500 that
    says nothing about their cause; the log keeps the type and traceback."""
    request = context.get("request")
    if isinstance(exc, Http404):
        # Drop the message (it may name the model): missing and hidden must look the same.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        response = drf_exception_handler(exc, context)
        assert response is not None
        error = {"status": response.status_code, **_describe(exc, request)}
        response.data = {"error": error}
        return response
    if settings.DEBUG:
        return None  # Django's debug page, on a developer's machine only.
    set_rollback()
    logger.error(
        "Unhandled error in the API at %s",
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return error_response(
        status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", str(MESSAGES["server_error"])
    )


ERROR_FORMAT_DOC = _(
    """

## Errors

Every error, whatever its cause, answers with the same JSON body:

```json
{"error": {"status": 400,
           "code": "invalid",
           "message": "Some of the values sent are not valid: see “fields”.",
           "fields": {"region": ["Unknown region code 'XX-99'."]}}}
```

- `status` repeats the HTTP status;
- `code` is stable, for programs: `invalid`, `parse_error`, `not_authenticated`,
  `authentication_failed`, `csrf_failed`, `permission_denied`, `not_found`,
  `method_not_allowed`, `not_acceptable`, `unsupported_media_type`, `throttled`,
  `locked_out`, `conflict`, `server_error`;
- `message` is a sentence for a person, in the language asked for (`Accept-Language`);
- `fields` comes with `invalid` only: each bad parameter or body field with its messages.

`not_found` is the same answer for an object that does not exist and for one outside your
reach. Unknown filter values (a region code that does not exist, a choice not offered) are
refused with 400, never ignored; pages hold at most 200 results (`page_size` above that is
capped).

## Authentication

Sign in on the site and use the API from the same browser (session), or exchange a username
and password for a token at `POST /api/v1/auth/token/` and send
`Authorization: Token <key>`. Repeated failed sign-ins lock the account for a while.
"""
)

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {}},
            },
        }
    },
}


def openapi_with_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: document the error format once and refer every operation to
    it."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    info = result.setdefault("info", {})
    info["description"] = str(info.get("description", "")) + str(ERROR_FORMAT_DOC)
    any_error = {
        "description": str(_("An error, in the format described above.")),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("4XX", any_error)
    return result


class DocsView(LoginRequiredMixin, TemplateView):
    """The API's documentation page (Swagger UI served from our own static files)."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "schema_url": reverse("api-schema"),
            "token_url": reverse("api-token"),
        }
