"""Read the forms and the dangerous bits of a page the way a browser would (html.parser, no regex).

Used by the hostile-input and access-audit tests to fill every field of a real form generically, and by page
tests to read one kind of element (`elements`): its attributes and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")


@dataclass
class FormField:
    tag: str  # input, textarea, select
    type: str  # text, email, date, checkbox, radio, hidden, textarea, select, ...
    name: str
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected) for selects

    @property
    def is_free_text(self) -> bool:
        return self.tag == "textarea" or (self.tag == "input" and self.type in ("text", "search", ""))


@dataclass
class Form:
    action: str
    method: str
    fields: list[FormField] = field(default_factory=list)

    def by_name(self, name: str) -> list[FormField]:
        return [f for f in self.fields if f.name == name]


@dataclass
class Danger:
    """What an injected string could have turned into."""

    script_texts: list[str] = field(default_factory=list)  # text inside <script> elements
    handler_attributes: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, value)
    javascript_urls: list[tuple[str, str, str]] = field(default_factory=list)
    injected_images: list[str] = field(default_factory=list)  # <img src=x>: the corpus's payload
    injected_tags: list[str] = field(default_factory=list)  # <font>, <para>: markup applied, not shown


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.danger = Danger()
        self._form: Form | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None
        self._option: list | None = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.danger.handler_attributes.append((tag, name, value))
            if name in URL_ATTRIBUTES:
                bare = "".join(ch for ch in value if not ch.isspace() and ord(ch) >= 32).lower()
                if bare.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.danger.javascript_urls.append((tag, name, value))
        if tag == "img" and a.get("src") == "x":
            self.danger.injected_images.append(str(a))
        if tag in ("font", "para"):
            self.danger.injected_tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.danger.script_texts.append("")
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option = [a.get("value", ""), "selected" in a, ""]
            return
        required = "required" in a
        if tag == "input":
            self._form.fields.append(FormField("input", a.get("type", "text").lower(), a["name"], a.get("value", ""),
                                               "checked" in a, required))
        elif tag == "textarea":
            self._textarea = FormField("textarea", "textarea", a["name"], "", False, required)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = FormField("select", "select-multiple" if "multiple" in a else "select", a["name"],
                                     "", False, required)
            self._form.fields.append(self._select)
        elif tag == "button" and a.get("type", "submit") == "submit":
            pass

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select.options.append((value if value != "" or text == "" else value, selected))
            self._option = None
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data
        if self._in_script:
            self.danger.script_texts[-1] += data


def parse_page(html: str) -> tuple[list[Form], Danger]:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.danger


def forms_of(html: str) -> list[Form]:
    return parse_page(html)[0]


def danger_in(html: str) -> Danger:
    return parse_page(html)[1]


@dataclass
class Element:
    """One element as a browser reads it: its attributes and its text (its children's text too)."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


class _ElementParser(HTMLParser):
    VOID = {"input", "br", "img", "meta", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.tag, self.found, self._open = tag, [], []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            element = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
            self.found.append(element)
            if tag not in self.VOID:
                self._open.append(element)

    def handle_endtag(self, tag):
        if tag == self.tag and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            element.text += data


def elements(html: str, tag: str) -> list[Element]:
    """Every `tag` element of the page, in document order, with its attributes and whitespace-joined text."""
    parser = _ElementParser(tag)
    parser.feed(html)
    parser.close()
    for element in parser.found:
        element.text = " ".join(element.text.split())
    return parser.found
