-- An officer's track is read from this index alone: the key gives the time order and the
-- included point and flags the rest, so a day of 1 Hz fixes costs ~800 index pages instead of a
-- heap page per fix (a busy day interleaves every officer's fixes in the heap). Needs the
-- visibility map, i.e. autovacuum having been through the pages; today's newest pages still
-- fall back to the heap.
CREATE INDEX "positions_officer_track_idx" ON "positions" ("officer_id", "fix_time") INCLUDE ("geom", "flags");
--> statement-breakpoint
DROP INDEX "positions_officer_time_idx";
