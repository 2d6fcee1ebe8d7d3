"""The `templates` table: where each theme of a site prints a post's fields, learned from REST.

Derived from the WARC files like the records: `isecg reparse` empties it and learns it again,
crawl by crawl, so a crawl reads with exactly the templates the crawls before it taught.
"""

from __future__ import annotations

import sqlite_utils

PAGE_KIND = "post"


def load(db: sqlite_utils.Database, site: str, before: int) -> dict[str, dict[str, str]]:
    """fingerprint -> field -> selector, for every theme of the site that crawls before
    crawl `before` learned (so building a crawl again reads it the same way)."""
    out: dict[str, dict[str, str]] = {}
    for mark, field, selector in db.execute(
        "SELECT theme_fingerprint, field, selector FROM templates"
        " WHERE site = ? AND page_kind = ? AND crawl_id < ? ORDER BY theme_fingerprint, field",
        [site, PAGE_KIND, before],
    ):
        out.setdefault(mark, {})[field] = selector
    return out


def save(
    db: sqlite_utils.Database,
    site: str,
    crawl_id: int,
    learned_at: str,
    learned: dict[str, dict[str, tuple[str, int, int]]],
) -> None:
    """Store what one crawl learned (a theme's fields replace what was known of them)."""
    for mark, fields in learned.items():
        for field, (selector, agreeing, tried) in fields.items():
            db.execute(
                "INSERT OR REPLACE INTO templates (site, page_kind, theme_fingerprint, field,"
                " selector, agreeing, tried, crawl_id, learned_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [site, PAGE_KIND, mark, field, selector, agreeing, tried, crawl_id, learned_at],
            )
