"""Plain text out of a version's rich-text sections, for comparison, search and files."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "div", "ol", "ul"}


class _ParagraphCollector(HTMLParser):
    """Collects the text of each paragraph or list item, ignoring markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self._current = []
        self._list_depth = 0

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def html_paragraphs(html):
    """The paragraphs of an HTML fragment as plain strings, whitespace normalised."""
    collector = _ParagraphCollector()
    collector.feed(html or "")
    collector.close()
    return collector.paragraphs


@dataclass
class Section:
    """A section reduced to what the comparison needs."""

    key: str
    heading: str
    paragraphs: list = field(default_factory=list)

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)


def sections_of(stream_value):
    """The sections of a version's text in one language, in order."""
    sections = []
    for position, block in enumerate(stream_value or []):
        value = block.value
        body = value.get("body")
        source = getattr(body, "source", body) or ""
        sections.append(
            Section(
                key=block.id or f"position-{position}",
                heading=" ".join(str(value.get("heading") or "").split()),
                paragraphs=html_paragraphs(source),
            )
        )
    return sections


def plain_text(stream_value):
    """All headings and paragraphs of a text in one string, for search indexes."""
    parts = []
    for section in sections_of(stream_value):
        parts.append(section.heading)
        parts.extend(section.paragraphs)
    return "\n".join(part for part in parts if part)
