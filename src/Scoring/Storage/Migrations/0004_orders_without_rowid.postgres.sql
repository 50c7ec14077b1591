-- PostgreSQL tables have no rowid; the SQLite half of this step rebuilds orders WITHOUT ROWID.
SELECT 1;
