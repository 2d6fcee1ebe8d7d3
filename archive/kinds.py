"""Record kinds, declared once, as data: table, key, content columns, FTS columns, metadata.

A kind of record (news posts, publications, member agencies, documents) is one `Kind`:

- `content`: the columns that make the record what it is; a change in any of them is a new
  version (`<table>_versions`, store.upsert_versioned);
- `provenance`: columns stored with the record that say where it came from or how it was
  read, and are no part of its content;
- `fts`: the columns searched by `<table>_fts` (sqlite-utils naming, kept by triggers);
- `listing`: content columns that say where a record was listed, not what it says (a
  publication's listing page): a version changing only them is no edit;
- `removable`: whether a record can be gone from the site (`removed_at`);
- `guarded`: whether a crawl that reads less than half as many as the last trusted crawl
  did is flagged, and that kind held back (scraper/guards.py);
- `description` and each column's: Datasette's metadata, where metadata.yml says nothing.

Every kind's table also has the bookkeeping columns of a versioned record (BOOKKEEPING).
`ensure(db)` applies the declarations (db.migrate runs it after the numbered migrations): each
kind gets its table, any declared column its table lacks, its versions table and its FTS
table. It only ever adds: renaming or dropping a column still takes a numbered migration.
The tables of the first four kinds were made by migrations 002, 003 and 007, and match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the early reader's worker imports this and needs no database
    import sqlite_utils


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "TEXT"
    description: str = ""


@dataclass(frozen=True)
class Kind:
    name: str  # the kind as build_stats counts it
    table: str
    key: str  # the primary key column
    content: tuple[Column, ...]
    provenance: tuple[Column, ...] = ()
    fts: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()
    removable: bool = True
    guarded: bool = True  # a crawl reading under half the last trusted count is flagged
    description: str = ""
    # content column -> its source's name in the `sources` provenance column: a column whose
    # value changed with its source was read from elsewhere, which is no edit (store.is_edit)
    sourced: tuple[tuple[str, str], ...] = ()

    @property
    def content_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.content)


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name) for name in names)


# What every versioned record carries besides its content (removed_at: removable kinds only).
BOOKKEEPING = (
    Column("capture_id", "INTEGER REFERENCES captures(id)", "The capture it was read from."),
    Column("extractor_version", "TEXT", "The version of the extractor that stored it."),
    Column("content_hash", "TEXT", "SHA-256 of its content: the current version's."),
    Column("first_seen", "TEXT", "When a crawl first saw it (UTC)."),
    Column("last_seen", "TEXT", "When a crawl last saw it (UTC)."),
)
REMOVED_AT = Column("removed_at", "TEXT", "When a crawl first found it gone from the site (UTC).")

NEWS = Kind(
    "news",
    "news",
    "id",
    content=(
        Column("wp_id", "INTEGER"),
        *_text("url", "title", "published", "modified", "author", "event_date", "categories"),
        *_text("summary", "body_text", "body_html", "links", "documents", "images"),
    ),
    provenance=_text("sources", "date_candidates", "candidates"),
    fts=("title", "body_text"),
    sourced=(
        *(("title", "title"), ("published", "published"), ("modified", "modified")),
        *(("author", "author"), ("categories", "categories")),
        *((column, "body") for column in ("summary", "body_text", "body_html", "links")),
        *((column, "body") for column in ("documents", "images")),
    ),
)
PUBLICATIONS = Kind(
    "publications",
    "publications",
    "id",
    content=(
        *_text("title", "posted_on", "description", "kind"),
        Column("year", "INTEGER"),
        *_text("document_url", "url"),
        Column("wp_id", "INTEGER"),
    ),
    provenance=_text("sources"),
    fts=("title", "description"),
    listing=("url",),
    # read from a list's entry or from a post announcing it: the whole entry, by its day's source
    sourced=tuple((c, "posted_on") for c in ("title", "posted_on", "description", "kind", "year")),
)
MEMBERS = Kind(
    "members",
    "agencies",
    "id",
    content=(
        *_text("name", "acronym", "country", "website", "logo"),
        Column("enriched", "INTEGER"),
    ),
)
DOCUMENTS = Kind(
    "documents",
    "documents",
    "url",
    content=(
        *_text("sha256", "content_type"),
        Column("size", "INTEGER"),
        Column("pages", "INTEGER"),
        *_text("title", "text"),
    ),
    provenance=(
        *_text("error", "last_error", "last_error_at"),
        Column("reader", "TEXT", "What read its text: the document reader's version and pypdf's."),
    ),
    fts=("title", "text"),
    removable=False,
    guarded=False,
)
KINDS = (NEWS, PUBLICATIONS, MEMBERS, DOCUMENTS)


def by_table(table: str, kinds: tuple[Kind, ...] = KINDS) -> Kind:
    return next(kind for kind in kinds if kind.table == table)


def columns_of(kind: Kind) -> tuple[Column, ...]:
    """Every column of the kind's table but its key, in table order."""
    removed = (REMOVED_AT,) if kind.removable else ()
    return (*kind.content, *kind.provenance, *BOOKKEEPING, *removed)


def ensure(db: sqlite_utils.Database, kinds: tuple[Kind, ...] = KINDS) -> list[str]:
    """Give each kind its table, columns, versions table and FTS; return what was added.

    Idempotent. enable_fts() commits as it goes (executescript), so the FTS step is not
    atomic; like migration 003 it checks what exists, and a rerun finishes the job."""
    added = []
    with db.atomic():
        for kind in kinds:
            if not db.table(kind.table).exists():
                columns = ", ".join(f"{c.name} {c.type}" for c in columns_of(kind))
                db.execute(f"CREATE TABLE {kind.table} ({kind.key} TEXT PRIMARY KEY, {columns})")
                added.append(kind.table)
            else:
                have = set(db.table(kind.table).columns_dict)
                for column in columns_of(kind):
                    if column.name not in have:
                        db.execute(
                            f"ALTER TABLE {kind.table} ADD COLUMN {column.name} {column.type}"
                        )
                        added.append(f"{kind.table}.{column.name}")
            if not db.table(f"{kind.table}_versions").exists():
                db.execute(versions_table(kind))
                added.append(f"{kind.table}_versions")
    for kind in kinds:
        if kind.fts and not db.table(f"{kind.table}_fts").exists():
            db.table(kind.table).enable_fts(list(kind.fts), create_triggers=True)
            search_on_text_change(db, kind)
            added.append(f"{kind.table}_fts")
    return added


def search_on_text_change(db: sqlite_utils.Database, kind: Kind) -> None:
    """Re-index a record only when its searched text changes. sqlite-utils' update trigger
    fires on every update, so each crawl's `last_seen` re-indexed every record it saw again:
    all their text tokenized twice, and the index grown by a deletion and an insertion each."""
    table, fts = kind.table, f"{kind.table}_fts"
    columns = ", ".join(f'"{column}"' for column in kind.fts)
    old = ", ".join(f'old."{column}"' for column in kind.fts)
    new = ", ".join(f'new."{column}"' for column in kind.fts)
    changed = " OR ".join(f'old."{column}" IS NOT new."{column}"' for column in kind.fts)
    with db.atomic():
        db.execute(f'DROP TRIGGER IF EXISTS "{table}_au"')
        db.execute(
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {columns} ON "{table}" WHEN {changed}'
            f' BEGIN INSERT INTO "{fts}" ("{fts}", rowid, {columns})'
            f" VALUES ('delete', old.rowid, {old});"
            f' INSERT INTO "{fts}" (rowid, {columns}) VALUES (new.rowid, {new}); END'
        )


def versions_table(kind: Kind) -> str:
    """The CREATE TABLE of a kind's versions, as migration 002 made the first three."""
    return f"""
        CREATE TABLE {kind.table}_versions (
            record_id TEXT NOT NULL REFERENCES {kind.table}({kind.key}),
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            crawl_id INTEGER REFERENCES crawls(id),
            capture_id INTEGER REFERENCES captures(id),
            seen_at TEXT NOT NULL,
            changed TEXT NOT NULL,           -- JSON list of the columns that changed
            record TEXT NOT NULL,            -- JSON of the whole version
            edit INTEGER NOT NULL DEFAULT 0, -- 1: it changed what the site said (store.is_edit)
            PRIMARY KEY (record_id, version)
        )"""


VERSION_COLUMNS = {
    "record_id": "The record (the key of its table).",
    "version": "1 for the first version seen, then 2, 3, ...",
    "content_hash": "SHA-256 of this version's content.",
    "crawl_id": "The crawl that saw this version first.",
    "capture_id": "The capture it was extracted from.",
    "seen_at": "When it was first seen (UTC).",
    "changed": "JSON list of the columns that changed from the previous version (all of them"
    " for version 1).",
    "record": "The whole version as JSON.",
    "edit": "1 when it changed what the site said; 0 for version 1, and for one that only"
    " filled in what was empty, moved a publication to another listing page, or read a field"
    " from another source than before (REST, then the page; a list, then a post) (relisted).",
}


def metadata(kinds: tuple[Kind, ...] = KINDS) -> dict[str, dict[str, Any]]:
    """Datasette metadata of the kinds' tables, from their declarations (metadata.yml, where
    it says more, wins: serve.load_metadata)."""
    tables: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        key = Column(kind.key, description=f"The {kind.name} record's key.")
        columns = {c.name: c.description for c in (key, *columns_of(kind)) if c.description}
        tables[kind.table] = {"description": kind.description, "columns": columns}
        tables[f"{kind.table}_versions"] = {
            "description": f"Every version of every {kind.name} record; a row is added only"
            " when its content changes.",
            "columns": dict(VERSION_COLUMNS),
        }
    return tables
