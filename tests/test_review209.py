"""helper-209's second read of the thirty-seventh session: three readings its new rules
broke, on pages written for the review (not by the rules' author). A post's own "Date:" line
beside "Estimated reading time:" was taken for an event's; a banner's <h1> naming a <title>'s
first part became the title (and the post lost its date); the post's paragraphs beside its
title lost to the newsletter box after them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.types import News

SITE = "https://www.globalspaceexploration.org/"
AT = datetime(2025, 3, 1, tzinfo=UTC)


def post(url: str, html: str) -> News:
    (news,) = extract(url, "text/html", html.encode(), SITE, AT).news
    return news


@pytest.mark.parametrize(
    "beside",
    [
        "<p>Author: ISECG Secretariat</p>",
        "<p>Estimated reading time: 2 minutes</p>",
        "<p>Press contact e-mail address: press@isecg.int</p>",
    ],
)
def test_a_posts_date_line_beside_other_lines_is_the_posts(beside: str) -> None:
    html = (
        "<html><head><title>Agencies Meet in Cologne | ISECG</title></head>"
        "<body class='single postid-1109'><article id='post-1109'><header class='entry-header'>"
        "<h1 class='entry-title'>Agencies Meet in Cologne</h1><p>Date: 18 September 2020</p>"
        f"{beside}</header><div class='entry-content'><p>The agencies of the group met in"
        " Cologne to discuss the roadmap and their plans.</p></div></article></body></html>"
    )
    assert post(SITE + "?p=1109", html).published == "2020-09-18"


def test_a_banner_named_by_the_titles_first_part_is_not_the_title() -> None:
    title = "Agencies Meet in Cologne to Discuss the Next Global Exploration Roadmap"
    html = (
        f"<html><head><title>Space Agency Newsroom | {title}</title></head><body>"
        '<header class="top"><a href="/" class="logo">Space Agency Newsroom</a></header>'
        '<main><div class="banner"><h1>Space Agency Newsroom</h1></div>'
        f'<article class="story"><h2>{title}</h2><p class="story-date">05.03.2021</p>'
        '<div class="story-text"><p>The representatives of the ISECG space agencies met in'
        " Cologne to discuss the next edition of the Global Exploration Roadmap and agreed on"
        " next steps.</p><p>The next meeting is planned for June.</p></div></article></main>"
        "</body></html>"
    )
    news = post(SITE + "news/agencies-meet-in-cologne/", html)
    assert (news.title, news.published) == (title, "2021-03-05")


def test_paragraphs_beside_the_title_are_the_text_not_the_box_after_them() -> None:
    text = (
        "<p>The representatives of the ISECG space agencies met in Cologne this week to discuss"
        " the next edition of the Global Exploration Roadmap and to agree on the steps ahead.</p>"
        "<p>They reviewed the progress of the lunar programmes, the plans for Mars sample return"
        " and the coordination of robotic precursor missions with the human missions planned.</p>"
    )
    box = (
        "<div class='newsletter'><p>Subscribe to the newsletter to receive every story about"
        " space policy in your inbox each Friday morning, with the agencies' meeting"
        " calendar.</p></div>"
    )
    more = "".join(
        f"<li><a href='/news/story-{i}/'>Another story number {i} about the exploration of"
        " space by agencies</a></li>"
        for i in range(15)
    )
    html = (
        "<html><head><title>Agencies Meet in Cologne | Newsroom</title></head><body>"
        f"<div class='story'><h1>Agencies Meet in Cologne</h1>{text}{box}"
        f"<div class='more-stories'><h3>More stories</h3><ul>{more}</ul></div></div></body></html>"
    )
    news = post(SITE + "news/agencies-meet-in-cologne/", html)
    assert news.body_text.startswith("The representatives of the ISECG space agencies")
