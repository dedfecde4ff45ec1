-- Dispatch: duty roster, cell responsibility, task timers and outcomes, categories with SLA,
-- inspection targets (with QR check-in) and the random spot-check draws.
CREATE TABLE "duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"officer_id" uuid NOT NULL REFERENCES "officers"("id") ON DELETE CASCADE,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_shifts_order" CHECK ("ends_at" > "starts_at")
);--> statement-breakpoint
CREATE INDEX "duty_shifts_officer_time_idx" ON "duty_shifts" ("officer_id", "starts_at", "ends_at");--> statement-breakpoint
CREATE TABLE "officer_cells" (
	"officer_id" uuid NOT NULL REFERENCES "officers"("id") ON DELETE CASCADE,
	"cell_id" uuid NOT NULL REFERENCES "grid_cells"("id") ON DELETE CASCADE,
	PRIMARY KEY ("officer_id", "cell_id")
);--> statement-breakpoint
CREATE TABLE "task_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"auto_dispatch" boolean DEFAULT false NOT NULL,
	"sla_minutes" jsonb DEFAULT '{}'::jsonb NOT NULL
);--> statement-breakpoint
INSERT INTO "task_categories" ("code", "name", "auto_dispatch") VALUES
	('street-vending', '占道经营 Street vending', false),
	('illegal-parking', '违章停车 Illegal parking', false),
	('construction', '违法建设 Illegal construction', false),
	('environment', '环境卫生 Sanitation', false),
	('noise', '噪声扰民 Noise', false),
	('inspection', '执法检查 Inspection', false),
	('sos', '紧急求助 SOS', false),
	('other', '其他 Other', false);--> statement-breakpoint
CREATE TABLE "inspection_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"grid_cell_id" uuid REFERENCES "grid_cells"("id") ON DELETE SET NULL,
	"area_id" uuid REFERENCES "grid_areas"("id") ON DELETE SET NULL,
	"qr_token" text NOT NULL UNIQUE,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "spot_check_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed" text NOT NULL,
	"rules" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "photos" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "outside_managed_area" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "nearest_area_id" uuid REFERENCES "grid_areas"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "ack_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "sla_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "inspection_target_id" uuid REFERENCES "inspection_targets"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "spot_check_draw_id" uuid REFERENCES "spot_check_draws"("id") ON DELETE SET NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_source_ref_idx" ON "tasks" ("source", "source_ref") WHERE "source_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_open_state_idx" ON "tasks" ("state") WHERE "state" NOT IN ('closed', 'cancelled');--> statement-breakpoint
CREATE INDEX "tasks_created_at_idx" ON "tasks" ("created_at");--> statement-breakpoint
ALTER TABLE "task_assignments" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "task_assignments_officer_idx" ON "task_assignments" ("officer_id") WHERE "released_at" IS NULL;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "actor" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
CREATE SEQUENCE "task_code_seq";
