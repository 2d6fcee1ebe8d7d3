"""What the crawler queues: `Found`, a URL to visit and how it was found.

A found URL is what the frontier table keeps, so its class is the archive's frontier entry
(archive.crawl_state.Entry: the crawl state's CrawlStore takes and gives them, and the archive
never imports the crawler). The crawler names it here, and its modules import it from here.
"""

from __future__ import annotations

from archive.crawl_state import Entry

Found = Entry  # url (canonical), kind (page, document, rest, ...), source (seed, link, ...), hops

__all__ = ["Found"]
