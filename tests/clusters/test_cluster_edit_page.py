"""The cluster edit page holds two forms (the cluster, and adding staff): every id is unique and every
label leads to its own form's field (issue 14, smaller)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from html.parser import HTMLParser

from forumops.clusters.operations import create_cluster


class _Ids(HTMLParser):
    """Every id on the page, each label's for= and text, and which form each field belongs to."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: list[tuple[str, str]] = []
        self.field_form: dict[str, int] = {}
        self._form, self._forms, self._label = None, 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "form":
            self._forms += 1
            self._form = self._forms
        if tag in ("input", "select", "textarea") and "id" in attrs:
            self.field_form[attrs["id"]] = (self._form, attrs.get("name"))
        if tag == "label" and "for" in attrs:
            self._label = [attrs["for"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag == "label" and self._label:
            self.labels.append((self._label[0], " ".join(self._label[1].split())))
            self._label = None

    def handle_data(self, data):
        if self._label:
            self._label[1] += data


def test_no_duplicate_ids_and_each_label_focuses_its_own_field(csrf_app, client, create_forum, create_user, login,
                                                              db):  # csrf on: each form renders its token
    organiser = create_user(email="mai@example.org")
    forum = create_forum(slug="acf", organiser=organiser, start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    cluster = create_cluster(forum, "MSME development")
    db.session.commit()
    login(organiser)

    page = _Ids()
    page.feed(client.get(f"/forums/acf/clusters/{cluster.id}/edit").get_data(as_text=True))

    assert [i for i, n in Counter(page.ids).items() if n > 1] == []
    targets = {text: page.field_form[for_] for for_, text in page.labels}
    cluster_form, _name = targets["Name"]
    staff_form, staff_name = targets["Their name (optional)"]
    assert cluster_form != staff_form
    assert staff_name == "staff-name"
    assert targets["Email address"][0] == staff_form
    assert targets["Room"][0] == cluster_form
