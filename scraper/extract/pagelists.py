"""A page of the site (`?page_id=N`) as a list of posts, or not (extract's "page" kind):
WordPress's posts page is a news list; the News page made a page of its own shows when the
site listed its posts, without dating them (helper-199, helper-203)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from selectolax.lexbor import LexborNode

from archive.lookup import document_base
from archive.urls import page_id
from scraper.extract import signals
from scraper.extract.listlinks import link_address
from scraper.extract.lists import list_dates
from scraper.extract.types import DateCandidate

Dated = dict[int | str, DateCandidate]


def page_lists(url: str, html: str, site: str) -> tuple[Dated, Dated]:
    """(list dates, sightings) of a page of the site (`?page_id=N`), parsed once. WordPress's
    posts page (body class "blog") is a news list. Another page is none (an About page's
    milestones, an events page link posts beside meetings' days), but where it links its own
    next page (pages_itself: the News page made a page of its own, whose newest
    posts no other list shows), the posts it lists beside a day are sightings: the site
    showed them then; those days date no post (helper-203: an events page paging itself)."""
    tree = signals.parse(html)
    if tree is None or tree.body is None:
        return {}, {}
    if "blog" in signals.body_classes(tree):
        return list_dates(url, html, site, tree=tree), {}
    if pages_itself(tree.body, url, site, document_base(tree, url)):
        return {}, list_dates(url, html, site, tree=tree)
    return {}, {}


def pages_itself(root: LexborNode, url: str, site: str, at: str) -> bool:
    """Whether a page of the site (`?page_id=N`) links its own next pages (`&paged=2`):
    WordPress paginates a page only where its template loops over posts (a News page made a
    page of its own, not the posts page, so its body class lacks "blog"). `paged` a number
    past 1. (Those next pages are read as news lists, url_kind's "list": a known limit, an
    events page paging itself dates posts by its meetings' days from its second page on,
    where a News page's later pages date most posts of a design whose posts print no day.)"""
    own = page_id(link_address(url, site, url) or url)
    if own is None:
        return False
    for a in root.css("a[href]"):
        address = link_address(a.attributes.get("href") or "", site, at)
        if address is None or page_id(address) != own:
            continue
        paged = dict(parse_qsl(urlsplit(address).query)).get("paged", "")
        if paged.isascii() and paged.isdigit() and int(paged) >= 2:
            return True
    return False
