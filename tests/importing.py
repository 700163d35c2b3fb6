"""Invitee lists uploaded through the desk's import page, as an organiser's browser sends them (the trust tests of
forums, registration and core share it; the CSV format's own tests are tests/registration/test_registration_csv.py)."""

from __future__ import annotations

import io

NAMES = ("Nguyễn Thị Mai", "สมชาย ใจดี", "Sokha Chan", "Aung Kyaw", "Siti Rahmah")


def invitee_csv(count: int, domain: str = "example.org", start: int = 1) -> bytes:
    """A list of `count` invitees (names in the region's scripts), one address each at `domain`."""
    lines = ["name,email,organisation,country"]
    lines += [f"{NAMES[i % len(NAMES)]} {i},invitee{i}@{domain},Mekong Youth Network,VN"
              for i in range(start, start + count)]
    return ("\r\n".join(lines) + "\r\n").encode()


def upload_invitees(client, slug: str, body: bytes):
    """POST the list to the forum's import page; the response is returned unfollowed."""
    return client.post(f"/forums/{slug}/registrations/import", data={"file": (io.BytesIO(body), "invitees.csv")},
                       content_type="multipart/form-data")
