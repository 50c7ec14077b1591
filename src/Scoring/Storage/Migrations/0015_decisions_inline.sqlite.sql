-- SQLite never compresses; the PostgreSQL half of this step keeps decision rows uncompressed there.
SELECT 1;
