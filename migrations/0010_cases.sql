-- Describing recordings and keeping them one case, one file (issue 6): enforcement stage, what a
-- recording proves, the tasks it belongs to, who described it; cases that group tasks and
-- recordings (a recording in one case at most), legal hold, and what the retention job deleted.
-- Written by hand: the recordings and cases modules query with SQL.
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_stage_known"
  CHECK ("stage" IN ('inspection', 'investigation', 'preservation', 'hearing', 'service', 'other'));
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "described_at" timestamp (3) with time zone;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "described_by" uuid REFERENCES "users"("id") ON DELETE SET NULL;
--> statement-breakpoint
-- The retention job deletes the files and keeps the row and its segment index (hashes, chain):
-- what existed stays provable; what it was and why it went is in the audit log.
ALTER TABLE "recordings" ADD COLUMN "media_deleted_at" timestamp (3) with time zone;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "media_deleted_reason" text;
--> statement-breakpoint
CREATE TABLE "recording_tasks" (
  "recording_id" uuid NOT NULL REFERENCES "recordings"("id") ON DELETE RESTRICT,
  "task_id" uuid NOT NULL REFERENCES "tasks"("id") ON DELETE RESTRICT,
  PRIMARY KEY ("recording_id", "task_id")
);
--> statement-breakpoint
CREATE INDEX "recording_tasks_task_idx" ON "recording_tasks" USING btree ("task_id");
--> statement-breakpoint
CREATE TABLE "cases" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "code" text NOT NULL UNIQUE,
  "title" text NOT NULL,
  "description" text DEFAULT '' NOT NULL,
  "legal_hold" boolean DEFAULT false NOT NULL,
  "legal_hold_reason" text,
  "created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
  "created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_tasks" (
  "case_id" uuid NOT NULL REFERENCES "cases"("id") ON DELETE RESTRICT,
  "task_id" uuid NOT NULL REFERENCES "tasks"("id") ON DELETE RESTRICT,
  "attached_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
  "attached_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
  PRIMARY KEY ("case_id", "task_id")
);
--> statement-breakpoint
CREATE INDEX "case_tasks_task_idx" ON "case_tasks" USING btree ("task_id");
--> statement-breakpoint
-- One case, one file: a recording belongs to one case at most.
CREATE TABLE "case_recordings" (
  "recording_id" uuid PRIMARY KEY NOT NULL REFERENCES "recordings"("id") ON DELETE RESTRICT,
  "case_id" uuid NOT NULL REFERENCES "cases"("id") ON DELETE RESTRICT,
  "attached_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
  "attached_by" uuid REFERENCES "users"("id") ON DELETE SET NULL
);
--> statement-breakpoint
CREATE INDEX "case_recordings_case_idx" ON "case_recordings" USING btree ("case_id");
