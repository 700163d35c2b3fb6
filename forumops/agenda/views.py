"""Agenda pages, downloads and the organiser's builder. HTTP only."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..core import hooks, permissions
from ..core.assets import etag_variants
from ..core.cache import BoundedCache
from ..core.http import absolute_url, as_download
from ..core.i18n import chosen_zone, remember_zone, times_elsewhere
from ..core.views import ForumView, or_404
from ..documents.queries import levels_for
from ..forums.queries import list_members
from ..forums.versions import fallback_marker, versions_for
from . import conflicts as conflict_checks
from . import feeds, ical, operations, page, queries
from .forms import ActionForm, CopyDayForm, ItemForm, PasteForm, RoomForm, ShiftForm
from .item_page import item_page
from .materials import with_public_materials
from .paste import guess_people, parse_programme
from .queries import list_clusters
from .translations import cluster_name_ids, localise_items


def _programme_url(forum) -> str:
    return absolute_url("agenda.programme", slug=forum.slug)


def _calendar_response(body_builder, programme, filename: str, private: bool = False):
    return _calendar_body_response(ical.etag_for(programme), lambda: body_builder(programme), filename, private)


def _calendar_body_response(etag: str, body, filename: str, private: bool = False):
    """text/calendar with a strong ETag; 304 when the client already has this version (compressed or not)."""
    etag = etag.strip('"')
    held = next((tag for tag in etag_variants(etag) if request.if_none_match.contains(tag)), None)
    if held:
        response = Response(status=304)
    else:
        response = Response(status=200)
        response.set_data(body())
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    # the public programme may be revalidated from any cache; a personal feed is kept by nobody
    as_download(response, filename, inline=True, cache="private, no-store" if private else "public, no-cache")
    response.set_etag(held or etag)  # a compressed body's tag is marked on the way out (core.assets)
    return response


# The public PDF, per worker, as outcomes caches report.pdf: laying out 330 items took 1.2 to 1.75 s per download.
_pdf_cache: BoundedCache[bytes] = BoundedCache(maxsize=16)


class ProgrammeView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum):
        viewer_zone = chosen_zone(forum.timezone)
        versions = versions_for(forum)
        # the items' materials this reader may open (the days are kept per set of visibilities)
        days_html = page.days_html(forum, versions, viewer_zone, levels_for(current_user, forum))
        return remember_zone(make_response(render_template(
            "agenda/programme.html", forum=forum, days_html=days_html, viewer_zone=viewer_zone, versions=versions,
            title=versions.of_forum(forum, "title"),
            has_programme=bool(days_html),  # the days show what queries.has_programme() asks for: no query more
            can_edit=permissions.can(current_user, "agenda.edit", forum),
            can_have_feed=permissions.can(current_user, "agenda.personal_feed", forum),
            ics_url=absolute_url("agenda.programme_ics", slug=forum.slug))), forum.timezone)


class ItemPageView(ForumView):
    """One item's own page: what the programme shows of it, and its materials with their size and type."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum, item_id: int):
        versions = versions_for(forum)
        shown = or_404(item_page(forum, item_id, versions, levels_for(current_user, forum)))  # deleted: not found
        viewer_zone = chosen_zone(forum.timezone)
        return remember_zone(make_response(render_template(
            "agenda/item.html", forum=forum, page=shown, item=shown.item, versions=versions,
            viewer_zone=viewer_zone, times_elsewhere=times_elsewhere, title=versions.of_forum(forum, "title"),
            marker=fallback_marker(versions.main, versions.reader) if versions.declared else "",
            panels=hooks.panels_for("agenda.item", forum, item_id))), forum.timezone)  # the session's notes


class ProgrammePdfView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum):
        from . import pdf  # reportlab and the fonts load on first use, not at start-up

        url = _programme_url(forum)
        versions = versions_for(forum)

        logos = queries.programme_logos(forum)  # compared by SHA-256: a new logo is a new PDF

        def build() -> bytes:
            items = localise_items(queries.programme_items(forum, ("confirmed",), url), versions,
                                   cluster_name_ids(forum) if versions.declared else {})
            items = with_public_materials(forum, items, versions)  # links to the slides and papers
            return pdf.render_programme(queries.programme_data(
                forum, items, url, title=versions.of_forum(forum, "title").text, logos=logos))

        response = Response(status=200)
        response.set_data(_pdf_cache.get_or_build(
            (queries.programme_version(forum), url, str(get_locale()), versions.key, logos), build))
        response.headers["Content-Type"] = "application/pdf"
        return as_download(response, f"{forum.slug}-programme.pdf", inline=True)


class ProgrammeIcsView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum):
        etag, body = feeds.public_calendar(forum)
        return _calendar_body_response(etag, lambda: body, f"{forum.slug}.ics")


class ItemIcsView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum, item_id: int):
        item = or_404(queries.get_item(forum, item_id, include_deleted=True))
        url = _programme_url(forum)
        data = queries.item_data(item, url)  # a deleted item's data is bare: its title is not named either
        programme = queries.programme_data(forum, [data], url,
                                           calendar_name=f"{forum.title}: {item.title}" if not data.deleted
                                           else forum.title)
        return _calendar_response(ical.render_calendar, programme, f"{forum.slug}-{item.id}.ics")


class PersonalFeedView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum, token: str):
        feed = or_404(queries.find_feed(forum, token))
        url = _programme_url(forum)
        items = queries.personal_items(forum, feed.user_id, hooks.clusters_of_person(forum, feed.user_id), url)
        programme = queries.programme_data(forum, items, url,
                                           calendar_name=_("%(forum)s (my programme)", forum=forum.title),
                                           links_allowed=permissions.can(feed.user, "forum.view_online_link", forum))
        return _calendar_response(ical.render_calendar, programme, f"{forum.slug}-mine.ics", private=True)


class MyCalendarView(ForumView):
    """A person's own calendar address. Only its hash is kept, so the address is shown once, in the answer to
    the button that makes it; afterwards the page says when it was made and offers a new one instead."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "agenda.personal_feed"

    def render(self, forum, feed_url: str = ""):
        return render_template("agenda/mine.html", forum=forum, feed=queries.find_feed_of(forum, current_user.id),
                               feed_url=feed_url, form=ActionForm())

    def get(self, forum):
        return self.render(forum)

    def post(self, forum):
        if not ActionForm().validate_on_submit():
            return redirect(url_for("agenda.mine", slug=forum.slug))
        existed = queries.find_feed_of(forum, current_user.id) is not None
        token = operations.make_feed_link(forum, current_user.id)
        flash(_("A new calendar address is ready; the old one no longer works.") if existed
              else _("Your calendar address is ready."), "success")
        # drawn here, not after a redirect: this answer is the only place the address can ever be shown
        return self.render(forum, absolute_url("agenda.personal_feed", slug=forum.slug, token=token))


# --- the organiser's builder --------------------------------------------------------------------

class BuilderView(ForumView):
    permission = "agenda.edit"

    def get(self, forum):
        items = queries.list_items(forum)
        found = conflict_checks.find_conflicts(tuple(queries.item_data(item) for item in items))
        return render_template(
            "agenda/builder.html", forum=forum, rows_by_day=dict(queries.group_by_day(forum, items)),
            all_days=queries.forum_days(forum), conflicts=found,
            conflicts_by_item=conflict_checks.conflicts_by_item(found), items_by_id={i.id: i for i in items},
            action_form=ActionForm(),
            copy_form=CopyDayForm(days=queries.forum_days(forum)), shift_form=ShiftForm(minutes=15))


def _item_form(forum, item=None) -> ItemForm:
    kwargs = dict(days=queries.forum_days(forum), clusters=list_clusters(forum),
                  members=sorted({m.user for m in list_members(forum)}, key=lambda u: u.name.casefold()))
    if item is None or request.method == "POST":
        form = ItemForm(**kwargs)
        if not form.is_submitted():
            day = request.args.get("day", "")
            form.day.data = day if day in dict(form.day.choices) else form.day.choices[0][0]
        return form
    start, end = operations.to_local(forum, item.start_at), operations.to_local(forum, item.end_at)
    people = [{"role": p.role, "user_id": p.user_id or 0, "name": p.name, "title": p.title,
               "organisation": p.organisation} for p in item.people]
    form = ItemForm(data={
        "day": start.date().isoformat(), "start": start.time(), "end": end.time(), "title": item.title,
        "type": item.type, "room": item.room.name if item.room else "", "is_online": item.is_online,
        "online_link": item.online_link, "cluster_id": item.cluster_id or 0, "description": item.description,
        "people": people + [{} for _ in range(3)]}, **kwargs)
    return form


def _item_data(form: ItemForm) -> dict:
    return {"day": date.fromisoformat(form.day.data), "start": form.start.data, "end": form.end.data,
            "title": form.title.data, "type": form.type.data, "room": form.room.data,
            "is_online": form.is_online.data, "online_link": form.online_link.data,
            "cluster_id": form.cluster_id.data,
            "description": form.description.data, "people": form.people_data()}


def _render_item_form(forum, form, item=None, status=200):
    rooms = [room.name for room in queries.list_rooms(forum)]
    return render_template("agenda/item_form.html", forum=forum, form=form, item=item, rooms=rooms), status


def _after_save(forum, item):
    found = conflict_checks.find_conflicts(queries.programme_items(forum))
    mine = conflict_checks.conflicts_by_item(found).get(item.id, [])
    for conflict in mine:
        flash(_("Warning: %(message)s", message=conflict.message), "warning")
    return redirect(url_for("agenda.builder", slug=forum.slug, _anchor=f"item-{item.id}"))


class ItemCreateView(ForumView):
    permission = "agenda.edit"

    def get(self, forum):
        return _render_item_form(forum, _item_form(forum))

    def post(self, forum):
        form = _item_form(forum)
        self.on_refusal(form, lambda: _render_item_form(forum, form, status=422))
        if form.validate_on_submit():
            item = operations.create_item(forum, _item_data(form))
            flash(_("“%(title)s” added.", title=item.title), "success")
            return _after_save(forum, item)
        return _render_item_form(forum, form, status=422)


class _ItemView(ForumView):
    permission = "agenda.edit"

    def load(self, forum, item_id):
        return or_404(queries.get_item(forum, item_id))


class ItemEditView(_ItemView):
    def get(self, forum, item_id: int):
        item = self.load(forum, item_id)
        return _render_item_form(forum, _item_form(forum, item), item)

    def post(self, forum, item_id: int):
        item = self.load(forum, item_id)
        form = _item_form(forum, item)
        self.on_refusal(form, lambda: _render_item_form(forum, form, item, status=422))
        if form.validate_on_submit():
            operations.update_item(forum, item, _item_data(form))
            flash(_("“%(title)s” saved.", title=item.title), "success")
            return _after_save(forum, item)
        return _render_item_form(forum, form, item, status=422)


class ItemStatusView(_ItemView):
    """Cancel, restore or delete an item (the action is part of the URL rule's defaults)."""

    def post(self, forum, item_id: int, action: str):
        item = self.load(forum, item_id)
        if ActionForm().validate_on_submit():
            status = {"cancel": "cancelled", "restore": "confirmed", "delete": "deleted"}[action]
            operations.set_status(item, status)
            messages = {"cancelled": _("“%(title)s” is marked cancelled.", title=item.title),
                        "confirmed": _("“%(title)s” is back on the programme.", title=item.title),
                        "deleted": _("“%(title)s” deleted. Subscribed calendars will drop it.", title=item.title)}
            flash(messages[status], "success")
        return redirect(url_for("agenda.builder", slug=forum.slug))


class ItemDuplicateView(_ItemView):
    def post(self, forum, item_id: int):
        item = self.load(forum, item_id)
        if ActionForm().validate_on_submit():
            copy = operations.duplicate_item(item)
            flash(_("Copied. Edit the copy below."), "success")
            return redirect(url_for("agenda.edit_item", slug=forum.slug, item_id=copy.id))
        return redirect(url_for("agenda.builder", slug=forum.slug))


class ItemShiftView(_ItemView):
    def post(self, forum, item_id: int):
        item = self.load(forum, item_id)
        form = ShiftForm()
        if not form.validate_on_submit():
            flash(" ".join(form.minutes.errors) or _("Enter a number of minutes."), "error")
        else:
            moved = operations.shift_later_items(forum, item, form.minutes.data)
            flash(_("%(count)d item(s) moved by %(minutes)d minutes.", count=len(moved),
                    minutes=form.minutes.data), "success")
        return self.back(forum, item_id)

    def refused(self, error, forum, item_id: int):
        flash(_("Nothing moved: %(reason)s", reason=error.message), "error")
        return self.back(forum, item_id)

    def back(self, forum, item_id: int):
        return redirect(url_for("agenda.builder", slug=forum.slug, _anchor=f"item-{item_id}"))


class DayCopyView(ForumView):
    permission = "agenda.edit"

    def post(self, forum, day: str):
        try:
            source = date.fromisoformat(day)
        except ValueError:
            abort(404)
        form = CopyDayForm(days=queries.forum_days(forum))
        self.on_refusal(None, lambda: redirect(url_for("agenda.builder", slug=forum.slug)))
        if form.validate_on_submit():
            copies = operations.copy_day(forum, source, date.fromisoformat(form.target.data))
            flash(_("%(count)d item(s) copied.", count=len(copies)), "success")
        else:
            flash(_("Choose a day of the forum to copy to."), "error")
        return redirect(url_for("agenda.builder", slug=forum.slug))


class PasteView(ForumView):
    permission = "agenda.edit"

    def render(self, forum, form, lines=None, status=200):
        return render_template("agenda/paste.html", forum=forum, form=form, lines=lines), status

    def get(self, forum):
        return self.render(forum, PasteForm(days=queries.forum_days(forum)))

    def post(self, forum):
        form = PasteForm(days=queries.forum_days(forum))
        if not form.validate_on_submit():
            return self.render(forum, form, status=422)
        lines = parse_programme(form.text.data)
        if form.save.data:
            self.on_refusal(form, lambda: self.render(forum, form, lines, status=422))
            created = operations.save_pasted_programme(forum, date.fromisoformat(form.day.data), lines,
                                                       people_guesser=guess_people)
            flash(_("%(count)d item(s) added to the programme.", count=len(created)), "success")
            found = conflict_checks.conflicts_by_item(conflict_checks.find_conflicts(queries.programme_items(forum)))
            if any(found.get(item.id) for item in created):
                flash(_("Some new items have warnings: see the conflicts panel."), "warning")
            return redirect(url_for("agenda.builder", slug=forum.slug))
        return self.render(forum, form, lines)


class RoomsView(ForumView):
    permission = "agenda.edit"

    def render(self, forum, form, status=200):
        return render_template("agenda/rooms.html", forum=forum, form=form, rooms=queries.list_rooms(forum),
                               action_form=ActionForm()), status

    def get(self, forum):
        return self.render(forum, RoomForm())

    def post(self, forum):
        form = RoomForm()
        if form.validate_on_submit():
            operations.find_or_create_room(forum, form.name.data)
            flash(_("Room added."), "success")
            return redirect(url_for("agenda.rooms", slug=forum.slug))
        return self.render(forum, form, 422)


class RoomRemoveView(ForumView):
    permission = "agenda.edit"

    def post(self, forum, room_id: int):
        room = or_404(queries.get_room(forum, room_id))  # not this forum's, or already removed
        if ActionForm().validate_on_submit():
            operations.remove_room(forum, room)
            flash(_("Room removed; its items have no room now."), "success")
        return redirect(url_for("agenda.rooms", slug=forum.slug))
