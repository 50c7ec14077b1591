-- SQLite has no fill factor; the PostgreSQL half of this step sets one for orders.
SELECT 1;
