"""isecg-archive: storage and serving side (SQLite, WARC files, Datasette)."""
