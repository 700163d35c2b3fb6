"""The check-in desk when the venue's network drops (static/js/desk-offline.js): the list a desk's device keeps
(JSON, never cached by the browser, with a version so that an unchanged list costs a 304), the arrivals it sends
back when the network returns, and what makes the desk open offline and installable: its service worker, whose
scope is the desk alone, and its web app manifest. Who may use them is who may use the desk (attendance.record).
Without JavaScript none of this is asked for: the desk's form works online as it always has (views/checkin.py)."""

from __future__ import annotations

from flask import jsonify, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ...core.assets import etag_variants
from ...core.http import NO_STORE
from ...core.i18n import in_zone
from ...core.models import utcnow
from ...core.views import ForumView
from ...core.workers import BASE_SCRIPTS, static_urls, worker_response
from .. import desk_list, offline_sync

# what the desk's page loads, kept by the service worker so the page opens offline (base.html and checkin.html)
DESK_SCRIPTS = (*BASE_SCRIPTS, "js/desk-answers.js", "js/desk-offline.js")
DESK_IMAGES = ("img/favicon.svg", "img/desk-192.png", "img/desk-512.png")


def _json(status: int, **body):
    response = jsonify(**body)
    response.status_code = status
    response.headers["Cache-Control"] = NO_STORE
    return response


class DeskListView(ForumView):
    """GET: the desk's list for the device. `If-None-Match` with the version the device holds: 304, no list."""

    permission = "attendance.record"

    def get(self, forum):
        listing = desk_list.desk_list(forum)
        etag = listing.version
        if any(request.if_none_match.contains(variant) for variant in etag_variants(etag)):
            response = make_response("", 304)
        else:
            response = jsonify(
                version=etag, forum=forum.slug, timezone=listing.timezone, ends_at=listing.ends_at.isoformat(),
                days=[day.isoformat() for day in listing.days], people=listing.people,
                server_time=utcnow().isoformat(),  # each arrival sends it back: none can be earlier (offline_sync)
                csrf_token=generate_csrf())  # a fresh token for the sync, should the page's be from another session
        response.set_etag(etag)
        response.headers["Cache-Control"] = NO_STORE
        return response


def _answer(forum, sent_device: str, answer: offline_sync.SyncAnswer) -> dict:
    at = answer.arrived_at
    return {"id": answer.id, "result": answer.result, "status": answer.status, "problem": answer.problem,
            "arrived_at": at.isoformat() if at else None,
            "time": in_zone(at, forum.timezone).strftime("%H:%M") if at else None,
            "by_this_device": bool(answer.device) and answer.device == sent_device,
            "taken_offline": bool(answer.device),  # by a device's desk offline, not the desk's page online
            "stamped_by_server": answer.stamped_by_server}


class DeskSyncView(ForumView):
    """POST (JSON, the form token in the X-CSRFToken header): {"device_clock": ISO instant, "arrivals": [{id, code,
    day, device_time, device, recorded_by, list_time}, ...]} -> {"clock_off": bool, "results": [{id, result, time,
    ...}, ...]}."""

    permission = "attendance.record"

    def post(self, forum):
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict) or not isinstance(payload.get("arrivals"), list):
            return _json(400, error=_("The arrivals could not be read."))
        if len(payload["arrivals"]) > offline_sync.MAX_BATCH:
            return _json(413, error=_("Send at most %(count)d arrivals at once.", count=offline_sync.MAX_BATCH),
                         max_batch=offline_sync.MAX_BATCH)
        device_clock = offline_sync.parse_moment(payload.get("device_clock"))
        if device_clock is None:
            return _json(400, error=_("The device's clock reading is missing."))
        arrivals = [offline_sync.parse_arrival(item) for item in payload["arrivals"]]
        answers, clock_off = offline_sync.sync_arrivals(forum, arrivals, device_clock, current_user)
        return _json(200, clock_off=clock_off, server_time=utcnow().isoformat(),
                     results=[_answer(forum, arrival.device, answer) for arrival, answer in zip(arrivals, answers,
                                                                                               strict=True)])


class DeskWorkerView(ForumView):
    """The desk's service worker, served from under the desk's address. Its scope is the desk's own address
    (/forums/<slug>/checkin and what lies under it), one level above the script's folder, which the browser
    allows only with the Service-Worker-Allowed header naming it."""

    permission = "attendance.record"

    def get(self, forum):
        return worker_response("registration/desk_sw.js", url_for("registration.checkin", slug=forum.slug),
                               static_urls(*DESK_SCRIPTS, *DESK_IMAGES), f"forumops-desk-{forum.slug}-")


class DeskManifestView(ForumView):
    """The web app manifest that makes the desk installable on a phone's home screen, opening on the desk."""

    permission = "attendance.record"

    def get(self, forum):
        desk = url_for("registration.checkin", slug=forum.slug)
        response = jsonify({
            "name": _("Check-in desk of %(title)s", title=forum.title), "short_name": _("Check-in desk"),
            "start_url": desk, "scope": desk, "id": desk, "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#0b5563",
            "icons": [{"src": url_for("static", filename="img/desk-192.png"), "sizes": "192x192", "type": "image/png"},
                      {"src": url_for("static", filename="img/desk-512.png"), "sizes": "512x512", "type": "image/png"},
                      {"src": url_for("static", filename="img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        })
        response.headers["Content-Type"] = "application/manifest+json"
        response.headers["Cache-Control"] = NO_STORE
        return response

