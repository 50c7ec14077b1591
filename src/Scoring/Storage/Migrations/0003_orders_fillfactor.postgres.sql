-- Orders progress after they are loaded (shipped, settled, refunded, disputed): room left in
-- each page lets those updates stay heap-only (HOT, none of those columns is indexed) instead
-- of writing a new entry into every index of the table for every update.
ALTER TABLE orders SET (fillfactor = 80);
