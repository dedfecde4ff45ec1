-- Photos and documents in cases, closing and reopening cases (issue 6). Written by hand: the cases
-- module queries with SQL.
-- A closed case refuses attaching, detaching and uploads until it is reopened; when and why it was
-- closed or reopened is in the audit log.
ALTER TABLE "cases" ADD COLUMN "status" text DEFAULT 'open' NOT NULL CHECK ("status" IN ('open', 'closed'));
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp (3) with time zone;
--> statement-breakpoint
-- The bytes live once under DATA_DIR/case-files, named by their SHA-256; a row says which case holds
-- them, as what, and who added them. Detaching a file keeps its row and its bytes (evidence is not
-- destroyed by a click): it only leaves the case file and its export.
CREATE TABLE "case_files" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "case_id" uuid NOT NULL REFERENCES "cases"("id") ON DELETE RESTRICT,
  "kind" text NOT NULL CHECK ("kind" IN ('photo', 'document')),
  "name" text NOT NULL,
  "content_type" text NOT NULL,
  "bytes" bigint NOT NULL CHECK ("bytes" >= 0),
  "sha256" bytea NOT NULL CHECK (length("sha256") = 32),
  "description" text DEFAULT '' NOT NULL,
  "added_by" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
  "added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
  "detached_at" timestamp (3) with time zone,
  "detached_by" uuid REFERENCES "users"("id") ON DELETE RESTRICT,
  "detach_reason" text,
  CHECK (("detached_at" IS NULL) = ("detach_reason" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "case_files_case_idx" ON "case_files" USING btree ("case_id", "added_at") WHERE "detached_at" IS NULL;
