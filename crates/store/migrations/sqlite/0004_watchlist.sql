-- Watchlist entry ids are unique across lists (the screening index holds one entry per id): imports and
-- edits look an id up on every other list, so the id needs its own index.
CREATE INDEX watchlist_entry_id ON watchlist_entry (id);
