"""Signing in and out, lockout, password change and reset, idle expiry."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from tryeza.accounts.auth import RENEW_AFTER_SECONDS, RENEWED_KEY


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_secretariat_officer_signs_in_and_lands_on_home(client, secretariat_officer):
    response = sign_in(client, "arben")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == secretariat_officer


def test_a_wrong_password_keeps_the_sign_in_page_with_a_message(client, secretariat_officer):
    response = sign_in(client, "arben", "wrong")
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_the_sign_in_page_says_how_long_an_idle_session_lasts(client, db):
    body = client.get(reverse("login")).content.decode()
    assert f"after {settings.SESSION_COOKIE_AGE // 60} minutes without activity" in body


def test_signing_out_takes_a_post_and_returns_to_sign_in(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, secretariat_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "arben", "wrong").status_code == 200
    locked = sign_in(client, "arben", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()

    response = sign_in(client, "arben")
    assert response.status_code == 429
    body = response.content.decode()
    assert "locked for now, even with the right password" in body
    assert f"Please wait {round(settings.AXES_COOLOFF_TIME * 60)} minutes" in body
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_is_per_account_so_colleagues_still_sign_in(
    client, secretariat_officer, committee_member
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "arben", "wrong")
    assert sign_in(client, "besnik").status_code == 302


def test_the_password_change_works_with_the_old_password(client, cpu_worker):
    client.force_login(cpu_worker)
    new = "a new and long passphrase 42"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    cpu_worker.refresh_from_db()
    assert cpu_worker.check_password(new)
    # Changing the password keeps this session signed in.
    assert client.get(reverse("home")).status_code == 200


def test_the_password_change_refuses_a_wrong_old_password(client, cpu_worker):
    client.force_login(cpu_worker)
    new = "a new and long passphrase 42"
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    cpu_worker.refresh_from_db()
    assert cpu_worker.check_password(PASSWORD)


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, ngo_worker):
    response = client.post(reverse("password_reset"), {"email": ngo_worker.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ngo_worker.email]
    assert message.subject == "Reset your Tryeza password"
    link = re.search(r"https?://testserver(/\S+)", str(message.body))
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    new = "another long passphrase 7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert sign_in(client, ngo_worker.username, new).status_code == 302


def test_a_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def _last_renewed(client, seconds_ago):
    session = client.session
    session[RENEWED_KEY] = int(time.time()) - seconds_ago
    session.save()
    return session.session_key


def test_a_request_a_minute_after_the_last_renewal_renews_the_idle_deadline(
    client, secretariat_officer
):
    sign_in(client, "arben")
    key = _last_renewed(client, RENEW_AFTER_SECONDS)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(1))
    before = timezone.now()
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(pk=key).expire_date
    allowed = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + allowed <= expiry <= timezone.now() + allowed


def test_requests_within_a_minute_do_not_write_the_session(client, secretariat_officer):
    sign_in(client, "arben")
    key = _last_renewed(client, RENEW_AFTER_SECONDS - 5)
    stored = timezone.now() + datetime.timedelta(1)
    Session.objects.filter(pk=key).update(expire_date=stored)
    for _ in range(3):
        assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == stored


def test_an_anonymous_visit_gets_no_session(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


@pytest.mark.parametrize("idle", [1, 60])
def test_an_idle_session_expires_and_the_next_request_asks_to_sign_in(
    client, secretariat_officer, idle
):
    sign_in(client, "arben")
    assert client.get(reverse("home")).status_code == 200
    # The deadline the last request set, as if the user had then gone idle for longer:
    # moving the stored expiry back is moving the clock forward.
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=idle)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
