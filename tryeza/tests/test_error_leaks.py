"""A failing view in production mode shows no identifier, and logs none."""

import logging

import pytest

from tryeza.tests.error_urls import PLANTED

pytestmark = [pytest.mark.urls("tryeza.tests.error_urls"), pytest.mark.django_db]


def test_the_error_page_and_the_log_hold_no_identifier(client, settings, caplog):
    settings.DEBUG = False
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/fail/")
    assert response.status_code == 500
    assert PLANTED not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # Format the record exactly as the configured handlers would write it.
    handlers = logging.getLogger("django").handlers
    assert handlers, "the django logger writes through our own handlers"
    for handler in handlers:
        line = handler.format(record)
        assert "ValueError" in line  # the failure is logged…
        assert "Shpresa" not in line  # …without the person's name


def test_no_handler_mails_a_traceback_with_local_variables():
    from django.utils.log import AdminEmailHandler

    for name in ("django", "django.request", ""):
        assert not any(isinstance(h, AdminEmailHandler) for h in logging.getLogger(name).handlers)
