"""Scoring a review's pages of every kind (publications, post pages, news lists) against its
truth.json, for the reviews whose pages are not publications pages alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.example.org/"
CAPTURED = datetime(2024, 5, 1, tzinfo=UTC)
Pair = tuple[str | None, str | None]  # (the day read or None, the truth's day)


@cache
def truth(folder: Path) -> dict[str, dict]:
    return json.loads((folder / "truth.json").read_text())


@cache
def read(folder: Path, name: str) -> Extracted:
    body = (folder / f"{name}.html").read_bytes()
    return extract(truth(folder)[name]["url"], "text/html", body, SITE, CAPTURED)


def days(folder: Path, name: str) -> list[Pair]:
    """(the day read or None, the truth's day) for each publication, post and list entry the
    truth names that was read (a publication's with its file: another file is no right day)."""
    case, got = truth(folder)[name], read(folder, name)
    pairs: list[Pair] = []
    pubs = {p.title: (p.posted_on, p.document_url) for p in got.publications}
    for pub in case.get("pubs", []):
        if pub["title"] in pubs:
            day, document = pubs[pub["title"]]
            pairs.append((day if document == pub["document"] else "another file", pub["posted_on"]))
    posts = {n.url: (n.published or "")[:10] or None for n in got.news}
    pairs += [(posts.get(n["url"]), n["published"]) for n in case.get("news", [])]
    listed = {str(key): found.value[:10] for key, found in got.list_dates.items()}
    pairs += [(listed.get(key), day) for key, day in case.get("list_dates", {}).items()]
    return pairs


def right_and_wrong(folder: Path) -> tuple[int, int]:
    pairs = [pair for name in truth(folder) for pair in days(folder, name)]
    right = sum(got is not None and got == day for got, day in pairs)
    wrong = sum(got is not None and got != day for got, day in pairs)
    return right, wrong


def wrong_days(folder: Path, name: str) -> list[Pair]:
    return [(got, day) for got, day in days(folder, name) if got and got != day]


def extras(folder: Path, name: str) -> set[str]:
    """The titles read as publications that the truth does not name."""
    named = {pub["title"] for pub in truth(folder)[name].get("pubs", [])}
    return {pub.title for pub in read(folder, name).publications} - named


def files_read(folder: Path, name: str) -> list[tuple[str, str]]:
    """(the file read, the truth's) for each publication the truth names that got a file."""
    named = {pub["title"]: pub["document"] for pub in truth(folder)[name].get("pubs", [])}
    return [
        (pub.document_url, named[pub.title])
        for pub in read(folder, name).publications
        if pub.title in named and pub.document_url
    ]
