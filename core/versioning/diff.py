"""What changed between two versions: word-level text differences, paragraph by paragraph.

Pure functions over plain values, so each step can be tested on known texts.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .text import sections_of

# A word or a single punctuation mark, with the whitespace before it.
TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])")
PARAGRAPH_BREAK = "\x00"

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass
class Segment:
    """A run of text that is unchanged, inserted or deleted."""

    kind: str
    text: str

    @property
    def is_insert(self):
        return self.kind == INSERT

    @property
    def is_delete(self):
        return self.kind == DELETE


def tokenize(paragraphs):
    """Tokens of several paragraphs, with a marker token between paragraphs."""
    tokens = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            tokens.append(PARAGRAPH_BREAK)
        for token in TOKEN.findall(paragraph):
            # Any run of whitespace counts as one space: the comparison is about words.
            tokens.append(" " + token.lstrip() if token[:1].isspace() else token)
    return tokens


def _key(token):
    return token.strip() if token != PARAGRAPH_BREAK else token


# An unchanged run this short between two changes reads better as part of one change:
# "in [every region of] the [regions] [country]" becomes "in [the regions] [every region of
# the country]". The same idea as the semantic clean-up of diff-match-patch.
SHORT_EQUAL_RUN = 2


def _chunks(old_tokens, new_tokens):
    """Runs of ("equal", tokens, tokens) and ("change", old tokens, new tokens)."""
    matcher = SequenceMatcher(
        None, [_key(t) for t in old_tokens], [_key(t) for t in new_tokens], autojunk=False
    )
    chunks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = EQUAL if tag == "equal" else "change"
        chunks.append([kind, old_tokens[i1:i2], new_tokens[j1:j2]])
    merged = True
    while merged:
        merged = False
        for index in range(1, len(chunks) - 1):
            before, middle, after = chunks[index - 1 : index + 2]
            if (
                middle[0] == EQUAL
                and before[0] == after[0] == "change"
                and len(middle[2]) <= SHORT_EQUAL_RUN
                and PARAGRAPH_BREAK not in middle[2]
            ):
                before[1] = before[1] + middle[1] + after[1]
                before[2] = before[2] + middle[2] + after[2]
                del chunks[index : index + 2]
                merged = True
                break
    return chunks


def _opcodes(old_tokens, new_tokens):
    for kind, old, new in _chunks(old_tokens, new_tokens):
        if kind == EQUAL:
            yield from ((EQUAL, token) for token in new)
        else:
            yield from ((DELETE, token) for token in old)
            yield from ((INSERT, token) for token in new)


def diff_paragraphs(old_paragraphs, new_paragraphs):
    """The merged text of both versions as paragraphs of segments.

    Deleted and inserted words are kept in place; a paragraph that exists in only one of the
    versions comes out as a paragraph made of a single deleted or inserted segment.
    """
    paragraphs = [[]]

    def append(kind, text):
        current = paragraphs[-1]
        if current and current[-1].kind == kind:
            current[-1].text += text
        else:
            current.append(Segment(kind, text))

    for kind, token in _opcodes(tokenize(old_paragraphs), tokenize(new_paragraphs)):
        if token == PARAGRAPH_BREAK:
            paragraphs.append([])
            continue
        current = paragraphs[-1]
        if token.startswith(" "):
            if not current:
                token = token[1:]
            elif kind != EQUAL and current[-1].kind != kind:
                # The space before a changed run stays outside the <ins>/<del> mark.
                append(EQUAL, " ")
                token = token[1:]
        append(kind, token)
    return [paragraph for paragraph in paragraphs if paragraph]


def diff_words(old, new):
    """Segments of a single paragraph or heading."""
    paragraphs = diff_paragraphs([old] if old else [], [new] if new else [])
    return [segment for paragraph in paragraphs for segment in paragraph]


@dataclass
class SectionChange:
    """One section of the comparison, with its heading and text compared word by word."""

    change: str  # "added", "removed", "changed" or "unchanged"
    old_heading: str
    new_heading: str
    heading: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)

    @property
    def is_changed(self):
        return self.change != "unchanged"

    @property
    def title(self):
        return self.new_heading or self.old_heading


def align_sections(old_sections, new_sections):
    """Pairs (old, new) of sections, None on the side where a section does not exist.

    A section copied from an earlier version keeps its block id, which pairs it even when its
    heading was rewritten; otherwise sections pair by identical heading. Removed sections are
    listed where they used to be.
    """
    matched = {}
    free_old = list(range(len(old_sections)))
    old_by_key = {section.key: index for index, section in enumerate(old_sections)}
    for new_index, section in enumerate(new_sections):
        old_index = old_by_key.get(section.key)
        if old_index is not None and old_index in free_old:
            matched[new_index] = old_index
            free_old.remove(old_index)
    for new_index, section in enumerate(new_sections):
        if new_index in matched:
            continue
        heading = section.heading.casefold()
        old_index = next(
            (i for i in free_old if old_sections[i].heading.casefold() == heading), None
        )
        if old_index is not None:
            matched[new_index] = old_index
            free_old.remove(old_index)

    pairs = []
    emitted_old = set()
    for new_index, section in enumerate(new_sections):
        old_index = matched.get(new_index)
        if old_index is not None:
            for removed in [i for i in free_old if i < old_index and i not in emitted_old]:
                pairs.append((old_sections[removed], None))
                emitted_old.add(removed)
            emitted_old.add(old_index)
            pairs.append((old_sections[old_index], section))
        else:
            pairs.append((None, section))
    for removed in free_old:
        if removed not in emitted_old:
            pairs.append((old_sections[removed], None))
    return pairs


def diff_sections(old_stream, new_stream):
    """Section-by-section comparison of two texts (StreamField values) in one language."""
    return diff_section_lists(sections_of(old_stream), sections_of(new_stream))


def diff_section_lists(old_sections, new_sections):
    """Section-by-section comparison of two lists of `Section` in one language."""
    changes = []
    for old, new in align_sections(old_sections, new_sections):
        old_heading = old.heading if old else ""
        new_heading = new.heading if new else ""
        old_paragraphs = old.paragraphs if old else []
        new_paragraphs = new.paragraphs if new else []
        if old is None:
            change = "added"
        elif new is None:
            change = "removed"
        elif old_heading == new_heading and old_paragraphs == new_paragraphs:
            change = "unchanged"
        else:
            change = "changed"
        changes.append(
            SectionChange(
                change=change,
                old_heading=old_heading,
                new_heading=new_heading,
                heading=diff_words(old_heading, new_heading),
                paragraphs=diff_paragraphs(old_paragraphs, new_paragraphs),
            )
        )
    return changes
