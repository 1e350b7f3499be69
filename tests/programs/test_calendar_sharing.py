"""Sharing a calendar: a webcal:// address (it subscribes on a phone; an https .ics address only
downloads a file), Google Calendar's add page, and a public page saying how to add it."""

from urllib.parse import unquote

from kombel.schools.enums import Role


def test_programme_page_shares_a_subscription_and_says_how(client, world):  # type: ignore[no-untyped-def]
    teacher = world.own.users[Role.TEACHER]
    programme = world.own.objects["programme"]
    client.force_login(teacher)

    response = client.get(f"/s/{world.own.school.npsn}/programmes/{programme.pk}/")

    context = response.context
    feed = f"webcal://testserver/feeds/u/{teacher.feed_token}.ics"
    assert context["user_feed_webcal"] == feed
    assert context["user_feed_google"] == (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Ffeeds%2Fu%2F"
        f"{teacher.feed_token}.ics"
    )
    shared = unquote(context["share_link"])
    assert f"webcal://testserver/feeds/p/{programme.feed_token}.ics" in shared
    assert "http://testserver/feeds/p/" not in shared
    assert "http://testserver/feeds/help/" in shared
    html = response.content.decode()
    assert f'href="{feed}"' in html
    assert 'href="/feeds/help/"' in html


def test_the_how_to_page_is_public(client, db):  # type: ignore[no-untyped-def]
    response = client.get("/feeds/help/")
    assert response.status_code == 200
    assert "Google Calendar" in response.content.decode()
