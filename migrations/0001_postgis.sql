-- Hand-written: what drizzle-kit cannot express. Spatial indexes, the positions
-- partitions, geometry checks, and the audit log's append-only guarantee.

CREATE INDEX "grid_areas_geom_gist" ON "grid_areas" USING gist ("geom");
--> statement-breakpoint
CREATE INDEX "grid_cells_geom_gist" ON "grid_cells" USING gist ("geom");
--> statement-breakpoint
CREATE INDEX "streets_geom_gist" ON "streets" USING gist ("geom");
--> statement-breakpoint
CREATE INDEX "latest_positions_geom_gist" ON "latest_positions" USING gist ("geom");
--> statement-breakpoint
CREATE INDEX "tasks_location_gist" ON "tasks" USING gist ("location");
--> statement-breakpoint
ALTER TABLE "grid_cells" ADD CONSTRAINT "grid_cells_geom_valid" CHECK (ST_IsValid("geom"));
--> statement-breakpoint

-- Positions: "track of officer X between t1 and t2" and "who was in grid G at t".
-- Rows land in the default partition until the positions module creates
-- monthly partitions ahead of time; retention drops whole months.
CREATE INDEX "positions_officer_time_idx" ON "positions" ("officer_id", "fix_time");
--> statement-breakpoint
CREATE INDEX "positions_cell_time_idx" ON "positions" ("grid_cell_id", "fix_time");
--> statement-breakpoint
CREATE INDEX "positions_geom_gist" ON "positions" USING gist ("geom");
--> statement-breakpoint
CREATE TABLE "positions_default" PARTITION OF "positions" DEFAULT;
--> statement-breakpoint

-- The audit log is append-only: no role, route or script may edit or remove a row.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
