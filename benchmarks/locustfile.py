"""Locust users for benchmarks/load.py: a registration-opening surge, with organisers downloading PDFs meanwhile.

Not meant to be run by hand against anything but the throwaway server load.py starts: it reads its targets from
the environment load.py sets (LOAD_*), and load.py refuses any host but 127.0.0.1.

- Registrant: one person, one journey, once: the forum page, the registration form (session cookie and CSRF
  token), the form POSTed (answered 302), the redirect followed to their private registration page. Then the
  user idles until the run ends: a Locust user that stopped would be replaced while users are still being
  spawned, and each person must register exactly once.
- Organiser (a fixed few): signed in once, then over and over the badge PDF of the other forum (everyone
  confirmed, not marked printed, so it writes nothing) and its published outcome report PDF.

When every registrant has finished, the run stops itself (load.py also gives Locust a hard --run-time).
"""

from __future__ import annotations

import itertools
import os
import re
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, between, constant, events, task

SURGE_SLUG = os.environ.get("LOAD_SURGE_SLUG", "")
RECORDS_SLUG = os.environ.get("LOAD_RECORDS_SLUG", "")
PEOPLE = int(os.environ.get("LOAD_PEOPLE", "0"))
RUN = os.environ.get("LOAD_RUN", "load")
CLUSTER_IDS = [int(v) for v in os.environ.get("LOAD_CLUSTER_IDS", "").split(",") if v]
ORGANISER_EMAIL = os.environ.get("LOAD_ORGANISER_EMAIL", "")
ORGANISER_PASSWORD = os.environ.get("LOAD_ORGANISER_PASSWORD", "")
BADGE_LAYOUT = os.environ.get("LOAD_BADGE_LAYOUT", "a4-8")
TIMEOUT = float(os.environ.get("LOAD_HTTP_TIMEOUT", "120"))

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VIETNAMESE = ["Nguyễn Thị Mai", "Trần Văn Hùng", "Lê Phương Linh", "Phạm Minh Châu", "Hoàng Thu Hà",
              "Huỳnh Quốc Bảo", "Vũ Ngọc Ánh", "Đặng Đức Anh", "Bùi Thị Hồng Nhung", "Đỗ Thanh Tùng"]
THAI = ["สมชาย ใจดี", "สุดารัตน์ ศรีสุข", "ประเสริฐ วงศ์ไทย", "วิไลวรรณ แก้วมณี", "ณัฐพล บุญมา",
        "กาญจนา ทองคำ", "อนุชา สายสุวรรณ", "พิมพ์ชนก จันทร์เพ็ญ"]
ORGANISATIONS = {"VN": ["Hội Liên hiệp Phụ nữ Việt Nam", "Hợp tác xã Nông nghiệp Tân Lập",
                        "Trung tâm Phát triển Nông thôn Bền vững"],
                 "TH": ["มูลนิธิเพื่อการพัฒนาชนบท", "เครือข่ายวิสาหกิจชุมชนภาคเหนือ", "สมาคมสตรีไทย"]}

# Production cookies are Secure (ProductionConfig), while this client speaks plain HTTP to 127.0.0.1, as the
# workers behind a TLS-terminating proxy do: the client is told to send them anyway, as a browser would over HTTPS.
COOKIE_POLICY = DefaultCookiePolicy(secure_protocols=("http", "https"))

_numbers = itertools.count()
_finished = itertools.count(1)


def person(i: int) -> dict[str, str]:
    """The i-th registrant's answers: a distinct email, Vietnamese or Thai name and organisation."""
    country = "VN" if i % 2 == 0 else "TH"
    names = VIETNAMESE if country == "VN" else THAI
    form = {"name": names[(i // 2) % len(names)], "email": f"{RUN}-person{i}@example.org",
            "organisation": ORGANISATIONS[country][i % 3], "job_title": "Programme officer", "country": country,
            "category": "civil_society", "attendance_mode": "in_person",
            "dietary_needs": "Vegetarian" if i % 4 == 0 else "", "accessibility_needs": "",
            "gender": ("woman", "man", "")[i % 3], "consent_privacy": "y"}
    if i % 3:
        form["consent_photos"] = "y"
    for choice, offset in (("cluster_1", 0), ("cluster_2", 1)):
        if len(CLUSTER_IDS) > offset:
            form[choice] = str(CLUSTER_IDS[(i + offset) % len(CLUSTER_IDS)])
    return form


def _csrf(response) -> str | None:
    match = CSRF_RE.search(response.text or "")
    return match.group(1) if match else None


class Registrant(FastHttpUser):
    """One person arriving when registration opens; registers once, then idles."""

    weight = 1
    network_timeout = connection_timeout = TIMEOUT
    wait_time = constant(0)  # a journey's steps follow one another at once: a surge, not a stroll
    done = False

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(COOKIE_POLICY)

    @task
    def journey(self) -> None:
        if self.done:
            gevent.sleep(3600)  # ended by the run's end; never counted as a request
            return
        self.done = True
        number = next(_numbers)
        if number >= PEOPLE:
            return
        try:
            self._register(number)
        finally:
            if next(_finished) == PEOPLE:
                gevent.spawn_later(1.0, self.environment.runner.quit)  # from outside this user's greenlet

    def _register(self, number: int) -> None:
        forum = f"/forums/{SURGE_SLUG}"
        with self.client.get(f"{forum}/", name="GET forum page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
                return
        with self.client.get(f"{forum}/register", name="GET registration form", catch_response=True) as response:
            token = _csrf(response) if response.status_code == 200 else None
            if token is None:
                response.failure(f"answered {response.status_code}, no CSRF token")
                return
        with self.client.post(f"{forum}/register", data={**person(number), "csrf_token": token},
                              name="POST registration", allow_redirects=False, catch_response=True) as response:
            location = urlsplit((response.headers or {}).get("Location") or "").path
            if response.status_code != 302 or "/registration/" not in location:
                response.failure(f"answered {response.status_code} to {location or 'nowhere'}")
                return
        with self.client.get(location, name="GET own registration page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
            elif "waiting list" not in (response.text or "") and "confirmed" not in (response.text or ""):
                response.failure("the page says neither confirmed nor waiting list")


class Organiser(FastHttpUser):
    """An organiser of the other forum printing badges and fetching the report while registration opens."""

    fixed_count = int(os.environ.get("LOAD_ORGANISERS", "2"))
    network_timeout = connection_timeout = TIMEOUT
    wait_time = between(1, 3)
    badge_token: str | None = None

    def on_start(self) -> None:
        """Sign in once. On failure (counted) the organiser idles: a stopped user would be replaced and retried,
        hammering the sign-in throttle."""
        self.client.cookiejar.set_policy(COOKIE_POLICY)
        with self.client.get("/account/signin", name="GET sign-in form", catch_response=True) as response:
            token = _csrf(response)
            if response.status_code != 200 or token is None:
                response.failure(f"answered {response.status_code}, no CSRF token")
                return
        with self.client.post("/account/signin", name="POST sign-in", allow_redirects=False, catch_response=True,
                              data={"email": ORGANISER_EMAIL, "password": ORGANISER_PASSWORD,
                                    "csrf_token": token}) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}: not signed in")
                return
        with self.client.get(f"/forums/{RECORDS_SLUG}/badges", name="GET badges form",
                             catch_response=True) as response:
            token = _csrf(response)
            if response.status_code != 200 or token is None:
                response.failure(f"answered {response.status_code}, no CSRF token")
                return
        self.badge_token = token

    @task
    def badges(self) -> None:
        if self.badge_token is None:
            gevent.sleep(3600)  # not signed in: idle until the run ends
            return
        with self.client.post(f"/forums/{RECORDS_SLUG}/badges.pdf", name="POST badges PDF", catch_response=True,
                              data={"who": "confirmed", "layout": BADGE_LAYOUT,
                                    "csrf_token": self.badge_token}) as response:
            _expect_pdf(response)

    @task
    def report(self) -> None:
        if self.badge_token is None:
            gevent.sleep(3600)
            return
        with self.client.get(f"/forums/{RECORDS_SLUG}/report.pdf", name="GET report PDF",
                             catch_response=True) as response:
            _expect_pdf(response)


def _expect_pdf(response) -> None:
    if response.status_code != 200:
        response.failure(f"answered {response.status_code}")
    elif not (response.content or b"").startswith(b"%PDF-"):
        response.failure("not a PDF")


@events.init.add_listener
def _check_targets(environment, **_kwargs) -> None:
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"locustfile: refusing host {environment.host!r}; 127.0.0.1 only")
    if not (SURGE_SLUG and RECORDS_SLUG and PEOPLE):
        raise SystemExit("locustfile: run it through benchmarks/load.py (LOAD_* settings missing)")
