"""The `{name}` placeholders organisers write (core.placeholders: messages, letters, certificates): found by name,
a typo refused by name even in a script whose letters carry marks, values never read again."""

from __future__ import annotations

from forumops.core.placeholders import fill, unknown, used


def test_names_with_marks_count_as_placeholders_so_a_translators_typo_is_refused():
    assert used("ขอเชิญ {ชื่อ} ថ្ងៃ {ឈ្មោះ} {name}") == ["ชื่อ", "ឈ្មោះ", "name"]
    assert unknown("ขอเชิญ {ชื่อ} to {forum}", ["forum"]) == ["ชื่อ"]


def test_braces_round_a_sentence_and_doubled_braces_are_text():
    assert used("{a sentence in braces} {{name}}") == []
    assert fill("{{name}} is {name}", {"name": "{forum}"}) == "{name} is {forum}"
