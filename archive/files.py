"""Which on-site addresses name files, and which are never to be fetched: by the shape of
the address alone. Pure functions, no I/O; archive/urls.py (canonical forms, url_kind) reads
its kinds of document and asset from here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xls", ".xlsx")
ASSET_EXTENSIONS = (
    *(".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp", ".tif", ".tiff"),
    *(".css", ".js", ".mjs", ".map"),
    *(".woff", ".woff2", ".ttf", ".otf", ".eot"),
)


def has_extension(url: str, extensions: tuple[str, ...]) -> bool:
    return urlsplit(url.strip()).path.lower().endswith(extensions)


# The portal's (Liferay's) Document Library, 2007-2013: `/c/document_library/get_file?uuid=..`
# (Liferay 4 to 6.0) and `/documents/<group>/<folder>/<name>` (6.1 on): no extension either.
_PORTAL_FILE = re.compile(r"^/c/document_library/get_file/?$|^/documents/\d+/\d+/[^/].*[^/]$")
# ... but not its photos and thumbnails: `name=DLFE-612.jpg`, `?imageThumbnail=1`
_PORTAL_IMAGE = re.compile(
    r"image(?:Thumbnail|Preview)=|\.(?:jpe?g|png|gif|bmp|tiff?|svg|webp)(?:[/&?]|$)", re.IGNORECASE
)


def is_portal_file(url: str) -> bool:
    """A file of the portal's Document Library (Liferay, 2007-2013), other than a picture."""
    parts = urlsplit(url.strip())
    return bool(_PORTAL_FILE.match(parts.path)) and not _PORTAL_IMAGE.search(
        parts.path + "?" + parts.query
    )


def is_asset(url: str) -> bool:
    """Images, stylesheets, scripts and fonts, by the extension of the path."""
    return has_extension(url, ASSET_EXTENSIONS)


_UPLOADS = "/wp-content/"  # uploads/YYYY/MM/, and the site's own isecg/ folder (SITE.md)


def upload_key(url: str) -> str:
    """One key for a WordPress upload wherever the install sat: the site moved from
    `/wordpress/` to the root and both `/wordpress/wp-content/uploads/2020/05/x.pdf` and
    `/wp-content/uploads/2020/05/x.pdf` are linked (`wp-content/isecg/` too). Any other URL
    is its own key. Only for telling that two links name one file; canonical URLs keep the
    prefix (archive/urls.py)."""
    parts = urlsplit(url)
    at = parts.path.find(_UPLOADS)
    return url if at < 0 else parts.netloc.lower() + parts.path[at:]


# WordPress's log-in, administration and form handlers: a link to them (a "Log out" or "Edit"
# link a theme prints) is recorded, never fetched.
_NEVER_FETCHED = re.compile(
    r"(?:^|/)(?:wp-admin(?:/|$)|wp-login\.php$|wp-signup\.php$|wp-comments-post\.php$"
    r"|wp-trackback\.php$|xmlrpc\.php$|wp-cron\.php$)",
    re.I,
)


def never_fetched(url: str) -> bool:
    """Whether an on-site URL is WordPress's log-in, administration or a form's handler, or
    its search (`?s=moon`: one page of results per word anyone links, each paginated)."""
    parts = urlsplit(url)
    if _NEVER_FETCHED.search(parts.path):
        return True
    return "s=" in parts.query and any(k == "s" for k, _ in parse_qsl(parts.query, True))
