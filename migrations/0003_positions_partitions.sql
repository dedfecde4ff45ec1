-- Monthly partitions of positions (UTC months), created ahead of time by the positions
-- module. Fixes outside every monthly partition land in positions_default; creating the
-- partition for their month later moves them in, so a late upload is never refused.
CREATE FUNCTION "positions_ensure_month"(month_start date) RETURNS text LANGUAGE plpgsql AS $$
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
  RETURN name;
END;
$$;
