"""Who is funded, seen at the desk (walk 23, finding 2): the registrations list filters by support (funded, waiting
for an answer, declined, not funded, one kind) and marks each row with what is offered and how it was answered; the
filter and the markers come from the travel stage through core.hooks (registration knows nothing of travel) and
cost the page the same number of queries however many people are funded."""

from __future__ import annotations

import re

import pytest

from tests.conftest import count_queries, sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)

DESK = f"/forums/{SLUG}/registrations"


@pytest.fixture
def mai(app, training):
    client = app.test_client()
    sign_in(client, training.mai)
    return client


@pytest.fixture
def funded(training, create_registration, create_support, db):
    """Sopheak funded (travel and accommodation accepted, per diem waiting); Linh declined travel; Kim confirmed and
    funded for nothing; Dara pending."""
    sopheak = training.sopheak.registration
    create_support(sopheak, "travel", status="accepted")
    create_support(sopheak, "accommodation", status="accepted")
    create_support(sopheak, "per_diem")
    create_support(training.linh.registration, "travel", status="declined")
    create_registration(training.forum, name="Kim Sreymom", email="kim@example.org", status="confirmed", notify=False)
    db.session.commit()
    return training


def _rows(page: str) -> dict[str, str]:
    """The desk table's rows by the name they select."""
    return {re.search(r'aria-label="Select ([^"]+)"', row).group(1): row
            for row in re.findall(r"<tr>\s*<td><input type=\"checkbox\".*?</tr>", page, re.S)}


def test_the_desk_filters_by_support(mai, funded):
    page = mai.get(DESK).get_data(as_text=True)
    support = re.search(r'<select[^>]*name="support"[^>]*>.*?</select>', page, re.S).group(0)
    for words in ("Funded (an offer accepted)", "Offered, waiting for an answer", "Declined an offer",
                  "Not funded (nothing offered or accepted)", "Travel, offered or accepted",
                  "Per diem, offered or accepted"):
        assert words in support
    by_filter = {value: set(_rows(mai.get(DESK, query_string={"support": value}).get_data(as_text=True)))
                 for value in ("funded", "waiting", "declined", "none", "travel", "per_diem", "visa_fee")}
    assert by_filter["funded"] == {"Sok Sopheak"}
    assert by_filter["waiting"] == {"Sok Sopheak"}
    assert by_filter["declined"] == {"Nguyễn Phương Linh"}
    assert by_filter["none"] == {"Nguyễn Phương Linh", "Dara Chan", "Kim Sreymom"}  # a decline funds nothing
    assert by_filter["travel"] == by_filter["per_diem"] == {"Sok Sopheak"}
    assert by_filter["visa_fee"] == set()
    # the five unfunded confirmed people Mai wants to tick: two filters together
    confirmed_unfunded = mai.get(DESK, query_string={"status": "confirmed", "support": "none"}).get_data(as_text=True)
    assert set(_rows(confirmed_unfunded)) == {"Nguyễn Phương Linh", "Kim Sreymom"}
    assert '<input type="hidden" name="back" value="status=confirmed&amp;support=none">' in confirmed_unfunded
    odd = mai.get(DESK, query_string={"support": "<script>"})
    assert odd.status_code == 200  # a value not on offer is dropped, never an error page
    assert len(_rows(odd.get_data(as_text=True))) == 4


def test_each_row_says_what_is_funded_and_how_it_was_answered(mai, funded):
    rows = _rows(mai.get(DESK).get_data(as_text=True))
    sopheak = re.search(r'<td class="desk-markers" data-label="Support">(.*?)</td>', rows["Sok Sopheak"]).group(1)
    assert sopheak == ('<span class="badge badge-support-accepted">Accepted: Travel and Accommodation</span>'
                       '<span class="badge badge-support-offered">Offered: Per diem</span>')
    assert '<span class="badge badge-support-declined">Declined: Travel</span>' in rows["Nguyễn Phương Linh"]
    assert '<td class="desk-markers" data-label="Support"><span class="meta">—</span></td>' in rows["Kim Sreymom"]
    assert re.search(r'<th scope="col">Support</th>\s*</tr></thead>', mai.get(DESK).get_data(as_text=True))


def test_the_export_keeps_the_support_filter(mai, funded):
    csv = mai.get(f"{DESK}.csv", query_string={"support": "funded"}).get_data(as_text=True)
    assert "Sok Sopheak" in csv
    assert "Kim Sreymom" not in csv


def test_the_desk_takes_the_same_queries_however_many_are_funded(mai, training, create_registration,
                                                                 create_support, db):
    def desk():
        mai.get(DESK, query_string={"status": "confirmed", "support": "none"})
        mai.get(DESK)

    desk()  # caches warmed
    create_support(training.sopheak.registration, "travel", status="accepted")
    few = count_queries(db, desk)
    for number in range(12):
        registration, _token = create_registration(training.forum, name=f"Participant {number}", status="confirmed",
                                                   notify=False)
        for kind in ("travel", "accommodation")[: number % 3]:
            create_support(registration, kind, status=("offered", "accepted", "declined")[number % 3])
    assert count_queries(db, desk) == few
