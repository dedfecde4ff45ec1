-- An officer's track is read from this index alone: the key gives the time order and the
-- included point and flags the rest, so a day of 1 Hz fixes costs ~800 index pages instead of a
-- heap page per fix (a busy day interleaves every officer's fixes in the heap). Needs the
-- visibility map, i.e. autovacuum having been through the pages; today's newest pages still
-- fall back to the heap.
CREATE INDEX "positions_officer_track_idx" ON "positions" ("officer_id", "fix_time") INCLUDE ("geom", "flags");
--> statement-breakpoint
DROP INDEX "positions_officer_time_idx";
--> statement-breakpoint
-- The index serves a track alone only where the visibility map says so, i.e. where a vacuum has
-- been. An insert-only monthly partition would by default wait for 20 % of its size in new
-- rows (days, late in a month); every million new fixes (~17 minutes at 1,000 officers at 1 Hz)
-- keeps all but the newest minutes index-only. Such a vacuum only visits the new pages.
CREATE OR REPLACE FUNCTION "positions_vacuum_often"(partition text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'ALTER TABLE %I SET (autovacuum_vacuum_insert_threshold = 1000000, autovacuum_vacuum_insert_scale_factor = 0)',
    partition);
END;
$$;
--> statement-breakpoint
SELECT "positions_vacuum_often"(c.relname::text)
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'positions'::regclass;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "positions_ensure_month"(month_start date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', month_start)::date;
  lo timestamptz := first_day::timestamp AT TIME ZONE 'UTC';
  hi timestamptz := (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  name text := 'positions_' || to_char(first_day, 'YYYY_MM');
BEGIN
  -- One creator at a time, across server nodes.
  PERFORM pg_advisory_xact_lock(hashtext('fcc:positions-partitions'));
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  IF EXISTS (SELECT 1 FROM positions_default WHERE fix_time >= lo AND fix_time < hi) THEN
    EXECUTE format('CREATE TABLE %I (LIKE positions INCLUDING DEFAULTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM positions_default WHERE fix_time >= $1 AND fix_time < $2 RETURNING *)
       INSERT INTO %I SELECT * FROM moved', name) USING lo, hi;
    EXECUTE format('ALTER TABLE positions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
  ELSE
    EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
  END IF;
  PERFORM positions_vacuum_often(name);
  RETURN name;
END;
$$;
