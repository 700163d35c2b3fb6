"""The translation page: an organiser writes versions of the forum's texts in one of its other languages,
each original shown beside its field. HTTP only: the texts come from forums.translatable, the writes from
forums.versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext

from ..core.languages import language_name, language_of, page_language
from ..core.views import ForumView
from . import translatable, versions
from .forms import translation_form


class TranslationsView(ForumView):
    permission = "forum.translate"

    def render(self, forum, language: str, groups, form, status: int = 200, out_of_date=frozenset()):
        return render_template("forums/translations.html", forum=forum, language=language_of(language),
                               out_of_date=out_of_date,
                               main=language_of(versions.main_language(forum)), groups=groups, form=form,
                               others=[language_of(code) for code in versions.other_languages(forum)]), status

    @staticmethod
    def _language(forum, language: str) -> str:
        """The language of the address, if the forum has it besides its main one (else 404)."""
        if language not in versions.other_languages(forum):
            abort(404)
        return language

    def get(self, forum, language: str):
        language = self._language(forum, language)
        groups = translatable.groups_for(forum)
        texts = [text for group in groups for block in group.blocks for text in block.texts]
        kept = versions.versions_for(forum, language)
        out_of_date = {text.name for text in texts if kept.is_out_of_date(text.key, text.original)}
        return self.render(forum, language, groups, translation_form(texts, language_of(language), kept.texts),
                           out_of_date=out_of_date)

    def post(self, forum, language: str):
        language = self._language(forum, language)
        groups = translatable.groups_for(forum)
        texts = [text for group in groups for block in group.blocks for text in block.texts]
        form = translation_form(texts, language_of(language))
        self.on_refusal(form, lambda: self.render(forum, language, groups, form, 422))
        if form.validate_on_submit():
            count = versions.save_versions(forum, language, form.versions(),
                                           {text.key: text.original for text in texts})
            flash(ngettext("Saved: %(count)d of %(num)d text has a version in %(language)s.",
                           "Saved: %(count)d of %(num)d texts have a version in %(language)s.", len(texts),
                           count=count, language=language_name(language, page_language())), "success")
            return redirect(url_for("forums.translations", slug=forum.slug, language=language))
        return self.render(forum, language, groups, form, 422)
