"""A post's body, read the same way from a page's content element and from REST content.rendered.

Pure functions on selectolax nodes, no I/O. `read_body` removes what is not the post (sharing
links, navigation, scripts), then reads four things apart from each other: the prose
(`text`: paragraphs, no image names), the images (src and alt), the links and linked
documents (absolute), and a sanitised copy of the HTML (no scripts, frames, event handlers or
javascript: URLs; structure kept), by nh3 (the Ammonia sanitiser). Every walk is iterative, so
hostile nesting cannot exhaust the stack.
"""

from __future__ import annotations

import html
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin

import nh3
from selectolax.lexbor import LexborNode

from archive.text import collapse
from archive.urls import canonical, is_document
from scraper.extract import selectors as sel
from scraper.extract.dates import dateline

SUMMARY_CHARS = 300
BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "caption", "dd", "details", "div"),
        *("dl", "dt", "fieldset", "figcaption", "figure", "footer", "header", "hr", "li"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    )
)
# Elements dropped with their content from body_html (selectors.UNSAFE: every one a bare tag
# name, as nh3 takes them); every other element is kept, whatever its name.
UNSAFE_TAGS = frozenset(sel.UNSAFE)
# Attributes kept in body_html; every other one (on*, style, srcset, data-*) goes.
KEPT_ATTRIBUTES = frozenset(
    (
        *("href", "src", "alt", "title", "width", "height", "class", "id", "colspan"),
        *("rowspan", "lang", "dir", "datetime", "cite", "start", "rel", "target"),
        *("loading", "decoding"),
    )
)
URL_ATTRIBUTES = ("href", "src", "cite")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LAZY_SRC = ("data-src", "data-lazy-src", "data-original")
DOWNLOAD_BLOCK_CHARS = 400  # a download block is a file name, a type, a size and a link
DOWNLOAD_NAME_CHARS = 80  # what a paragraph's block may hold beside its phrase and links
_DOWNLOAD_TEXT = re.compile(r"File Type:\s*\w+\s*Size:\s*[\d.,]+\s*[KMG]?B\b", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}$")
# A file name: one word with a digit, "-", "_" or ".", such as "isecg-Annual-Report-2015".
_FILE_NAME_LIKE = re.compile(r"^(?=\S*[\d_.\-])[\w.\-]{6,}$")
_BREAK = "\x00"  # stands for <br> while text is collected
_CONTROL_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never prose
_BLANK_LINES = re.compile(r">[ \t]*\n(?:[ \t]*\n)+[ \t]*<")  # left where comments were removed


@dataclass(frozen=True)
class Body:
    text: str
    html: str
    summary: str
    event_date: str | None
    links: tuple[str, ...]
    documents: tuple[str, ...]
    images: tuple[tuple[str, str], ...]


def matches(root: LexborNode, selectors: Iterable[str]) -> Iterator[LexborNode]:
    """Nodes under root (root included) matching any selector, each once, in selector order.

    Each selector costs a walk of the subtree. One walk for all of them first finds the nodes:
    with at most one there is no order to keep and nothing more to walk; otherwise the walks
    selector by selector stop as soon as every one of those nodes has been given."""
    selectors = tuple(selectors)
    found = matching(root, selectors)
    if len(found) <= 1:
        yield from found
        return
    seen: set[int] = set()
    for selector in selectors:
        for node in root.css(selector):
            if node.mem_id not in seen:
                seen.add(node.mem_id)
                yield node
        if len(seen) == len(found):
            return


def matching(root: LexborNode, selectors: Iterable[str]) -> list[LexborNode]:
    """Nodes under root (root included) matching any selector, each once, in document order:
    one walk, for callers that want the set, not which selector came first."""
    found = root.css(", ".join(selectors))  # a node two selectors match comes twice
    return list({node.mem_id: node for node in found}.values()) if len(found) > 1 else found


def element_before(node: LexborNode) -> LexborNode | None:
    """The element just before node among its siblings (text between them passed over)."""
    current = node.prev
    while current is not None and not current.is_element_node:
        current = current.prev
    return current


def ancestors(node: LexborNode) -> Iterator[LexborNode]:
    """The elements above node, nearest first, up to the document (iterative: any depth)."""
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


def nearest(node: LexborNode, tags: Container[str], within: LexborNode) -> LexborNode | None:
    """node or the nearest element above it, below `within`, whose tag is one of tags."""
    for current in (node, *ancestors(node)):
        if current.mem_id == within.mem_id:
            return None
        if current.tag is not None and current.tag in tags:
            return current
    return None


def ancestor_ids(node: LexborNode) -> set[int]:
    """mem_ids of the elements above node (node itself not among them)."""
    return {above.mem_id for above in ancestors(node)}


def subtree_ids(nodes: Iterable[LexborNode]) -> set[int]:
    """mem_ids of the nodes and everything under them."""
    ids: set[int] = set()
    for node in nodes:
        if node.mem_id not in ids:
            ids.update(n.mem_id for n in node.traverse(include_text=True))
    return ids


def remove(nodes: Iterable[LexborNode]) -> None:
    """Decompose nodes, outermost only: a node inside another one goes with it."""
    found = {n.mem_id: n for n in nodes}
    for node in list(found.values()):
        if not any(above.mem_id in found for above in ancestors(node)):
            node.decompose()


def fold(text: str) -> str:
    """Text as compared across sources: entities decoded, spaces collapsed, case folded."""
    return collapse(html.unescape(text)).casefold()


def _scheme(bare: str) -> str | None:
    """The scheme of a URL with control characters and spaces removed, as a browser reads it
    ("java\tscript:" is javascript:), lower case; None for a relative URL."""
    found = _SCHEME.match(bare)
    return found.group(1).lower() if found else None


def absolute(value: str, base: str, site: str) -> str | None:
    """The canonical absolute URL of an href/src, or None when it is not a web URL."""
    value = _CONTROL.sub("", value)
    if not value or value.startswith("#"):
        return None
    if _scheme(value) not in (None, "http", "https"):
        return None
    try:
        return canonical(value, site, base=base)
    except ValueError:
        return None


def _image_src(img: LexborNode) -> str:
    src = img.attributes.get("src") or ""
    if not src or src.startswith("data:"):
        for name in LAZY_SRC:
            lazy = img.attributes.get(name)
            if lazy:
                return lazy
    return src


def _image_names(src: str, alt: str) -> list[str]:
    """How an image's name may run into the text: its alt text and its file name."""
    stem = src.rsplit("/", 1)[-1].split("?", 1)[0].rsplit(".", 1)[0]
    names = {alt.strip(), stem, _SIZE_SUFFIX.sub("", stem)}
    return sorted((n for n in names if len(n) >= 4), key=len, reverse=True)


def _strip_name(text: str, names: Iterable[str]) -> str:
    """Text without an image name it starts with ("isecg-Annual-Report-2015The ...").

    The name goes when it is the whole text, runs straight into a capital, or is a file name
    followed by a space; an alt text such as "ISECG" before " agencies met" stays.
    """
    lead = text.lstrip()
    for name in names:
        if lead.startswith(name):
            rest = lead[len(name) :]
            if not rest or rest[0].isupper() or (rest[0].isspace() and _FILE_NAME_LIKE.match(name)):
                return rest
    return text


class _Prose:
    """Collects text blocks while the body is walked."""

    def __init__(self, file_names: list[str]) -> None:
        self.blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self.parts: list[str] = []
        self.pending: list[str] = []  # names of the image just passed
        self.file_names = file_names  # image names that are file names, for block starts

    def text(self, value: str) -> None:
        if self.pending and value.strip():
            value = _strip_name(value, self.pending)
            self.pending = []
        self.parts.append(value)

    def flush(self, item: bool = False) -> None:
        raw, self.parts = _CONTROL_TEXT.sub(" ", "".join(self.parts)), []
        lines = [collapse(line) for line in raw.split(_BREAK)]
        text = "\n".join(line for line in lines if line)
        if text and self.file_names:
            text = _strip_name(text, self.file_names).strip()
        if text:
            self.blocks.append((text, item))

    def result(self) -> str:
        out = ""
        for i, (text, item) in enumerate(self.blocks):
            if i:
                out += "\n" if item and self.blocks[i - 1][1] else "\n\n"
            out += text
        return out


def _children(node: LexborNode) -> list[LexborNode]:
    return list(node.iter(include_text=True))


def prose(root: LexborNode, skip: set[int], image_names: list[str]) -> str:
    """The text blocks of root, in order; images and nodes in `skip` give no text."""
    collector = _Prose([n for n in image_names if _FILE_NAME_LIKE.match(n)])
    stack: list[tuple[LexborNode, bool]] = [(c, False) for c in reversed(_children(root))]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            collector.flush(item=node.tag == "li")
            continue
        if node.is_text_node:
            collector.text(node.text_content or "")
            continue
        if node.is_comment_node or node.mem_id in skip:
            continue
        tag = node.tag or ""
        if tag == "br":
            collector.parts.append(_BREAK)
        elif tag == "img":
            collector.pending = _image_names(_image_src(node), node.attributes.get("alt") or "")
        elif tag in BLOCK_TAGS:
            collector.flush()
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(_children(node)))
        else:
            stack.extend((c, False) for c in reversed(_children(node)))
    collector.flush()
    return collector.result()


def _download_blocks(root: LexborNode) -> list[LexborNode]:
    """The portal's download blocks: by selector, or a small table saying "File Type: ...",
    or a paragraph or division saying it around a link with little else (the file's name):
    one that also holds the item's sentence ("The report is online. File Type: ...") stays."""
    found = list(matches(root, sel.DOWNLOAD_BLOCKS))
    if not _DOWNLOAD_TEXT.search(root.text() or ""):
        return [n for n in found if n.mem_id != root.mem_id]  # most bodies: read once
    said = [
        block
        for block in root.css("table, p, div")
        if len(text := block.text() or "") <= DOWNLOAD_BLOCK_CHARS
        and _DOWNLOAD_TEXT.search(text)
        and (block.tag == "table" or _little_else(block))
    ]
    # the innermost: a short post's whole text may hold one, in a division of its own
    around = {above for block in said for above in ancestor_ids(block)}
    found += [block for block in said if block.mem_id not in around]
    return [n for n in found if n.mem_id != root.mem_id]


def _little_else(block: LexborNode) -> bool:
    """A block holding a link and, beside the "File Type: ..." phrase and the links' words,
    nothing but a file's name set apart (in bold, say): an intro ("The report can be
    downloaded below:") or a headline beside them keeps the block in the text."""
    links = block.css("a[href]")
    if not links:
        return False
    text = _DOWNLOAD_TEXT.sub("", block.text(separator=" ") or "", count=1)
    for link in links:
        text = text.replace(link.text() or "", "", 1)
    rest = collapse(text)
    if not rest:
        return True
    names = (collapse(n.text() or "") for n in block.css("b, strong, em, span, font"))
    return len(rest) <= DOWNLOAD_NAME_CHARS and rest in names


def _url_attribute(base: str, tag: str, name: str, value: str) -> str | None:
    """nh3's attribute_filter: a URL attribute without a safe scheme goes (cite too, which
    Ammonia does not treat as a URL); a relative one is made absolute, a bare fragment stays."""
    if name not in URL_ATTRIBUTES:
        return value
    bare = _CONTROL.sub("", value)
    if _scheme(bare) not in (None, *SAFE_SCHEMES):
        return None
    if not bare or bare.startswith("#"):
        return value
    try:
        return urljoin(base, value.strip())
    except ValueError:  # "//[bad": no URL at all
        return None


def sanitise(root: LexborNode, base: str, imgs: list[LexborNode]) -> str:
    """root's inner HTML without unsafe elements, attributes, URLs or comments (nh3); URLs made
    absolute, lazy images given their real src. `imgs`: root.css("img"), as read_body found
    them."""
    for img in imgs:
        src = _image_src(img)
        if src and src != img.attributes.get("src"):
            img.attrs["src"] = src
    # Every element but the unsafe ones is kept: the allowed tags are those the body holds.
    tags = {n.tag for n in root.traverse() if n.tag and n.is_element_node}
    cleaned = nh3.clean(
        root.inner_html or "",
        tags=tags - UNSAFE_TAGS,
        clean_content_tags=set(UNSAFE_TAGS),
        attributes={"*": set(KEPT_ATTRIBUTES)},
        attribute_filter=partial(_url_attribute, base),
        url_schemes=set(SAFE_SCHEMES),
        strip_comments=True,
        link_rel=None,  # rel stays as the site wrote it (it is a kept attribute)
    )
    return _BLANK_LINES.sub(">\n<", cleaned).strip()


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first `limit` characters of the prose, cut at a word."""
    flat = collapse(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def read_body(root: LexborNode, base: str, site: str) -> Body:
    """Everything a post's body says. Mutates root (junk removed, HTML sanitised)."""
    remove(n for n in matching(root, sel.BODY_JUNK) if n.mem_id != root.mem_id)
    links = _unique(absolute(a.attributes.get("href") or "", base, site) for a in root.css("a"))
    documents = tuple(link for link in links if is_document(link))
    downloads = subtree_ids(_download_blocks(root))
    images: list[tuple[str, str]] = []
    names: list[str] = []
    imgs = root.css("img")  # for the images and the sanitised copy: one walk, not two
    for img in imgs:
        if img.mem_id in downloads:
            continue
        src, alt = _image_src(img), collapse(img.attributes.get("alt") or "")
        url = absolute(src, base, site)
        if url and (url, alt) not in images:
            images.append((url, alt))
        names += _image_names(src, alt)
    text = prose(root, downloads, names)
    first = text.split("\n", 1)[0]
    return Body(
        text=text,
        html=sanitise(root, base, imgs),
        summary=summary(text),
        event_date=dateline(first) if first else None,
        links=links,
        documents=documents,
        images=tuple(images),
    )


def text_of(node: LexborNode | None) -> str:
    return collapse(node.text() or "") if node is not None else ""


def attr_values(root: LexborNode, selectors: tuple[str, ...], name: str) -> list[str]:
    """The non-empty values of attribute `name` on every match, in selector order."""
    values = ((n.attributes.get(name) or "").strip() for n in matches(root, selectors))
    return [v for v in values if v]
