-- Inspections: a spatial index on the target registry, and the tasks of a spot-check draw found
-- by the draw (its publication lists them).
CREATE INDEX "inspection_targets_location_idx" ON "inspection_targets" USING gist ("location");--> statement-breakpoint
CREATE INDEX "inspection_targets_category_idx" ON "inspection_targets" ("category") WHERE "active";--> statement-breakpoint
CREATE INDEX "tasks_spot_check_draw_idx" ON "tasks" ("spot_check_draw_id", "inspection_target_id") WHERE "spot_check_draw_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_inspection_target_idx" ON "tasks" ("inspection_target_id") WHERE "inspection_target_id" IS NOT NULL;
