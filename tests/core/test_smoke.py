"""Smoke test: the public forum list shows published forums and hides drafts."""


def test_forum_list_shows_published_forum_and_hides_draft(client, create_forum):
    create_forum(slug="visible-forum", title="Visible Forum", status="published")
    create_forum(slug="secret-draft", title="Secret Draft", status="draft")
    page = client.get("/forums/").get_data(as_text=True)
    assert "Visible Forum" in page
    assert "Secret Draft" not in page
