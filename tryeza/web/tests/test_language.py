"""The language switch: Shqip and English, remembered for the next pages."""

from django.urls import reverse


def test_the_switch_offers_shqip_and_english(client, secretariat_officer):
    client.force_login(secretariat_officer)
    body = client.get(reverse("home")).content.decode()
    assert 'name="language" value="sq" lang="sq"' in body
    assert ">Shqip</button>" in body
    assert ">English</button>" in body
    assert f'action="{reverse("set_language")}"' in body


def test_switching_to_albanian_renders_the_next_page_in_albanian(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.post(
        reverse("set_language"), {"language": "sq", "next": reverse("home")}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["LANGUAGE_CODE"] == "sq"
    assert '<html lang="sq">' in response.content.decode()
    # And it stays for the pages after.
    again = client.get(reverse("home"))
    assert '<html lang="sq">' in again.content.decode()
    assert again.context["LANGUAGE_CODE"] == "sq"


def test_the_sign_in_page_can_be_switched_before_signing_in(client, db):
    response = client.post(
        reverse("set_language"), {"language": "sq", "next": reverse("login")}, follow=True
    )
    assert '<html lang="sq">' in response.content.decode()


def test_switching_back_to_english(client, secretariat_officer):
    client.force_login(secretariat_officer)
    client.post(reverse("set_language"), {"language": "sq"})
    client.post(reverse("set_language"), {"language": "en"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_an_unknown_language_is_ignored(client, secretariat_officer):
    client.force_login(secretariat_officer)
    client.post(reverse("set_language"), {"language": "xx"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_place_names_follow_the_language(client, other_region_officer):
    client.force_login(other_region_officer)
    assert client.get(reverse("home")).context["region"].display_name == "Vlora"
    client.post(reverse("set_language"), {"language": "sq"})
    response = client.get(reverse("home"))
    assert response.context["region"].display_name == "Vlorë"
    assert "Vlorë" in response.content.decode()
