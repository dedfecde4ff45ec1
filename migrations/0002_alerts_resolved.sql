ALTER TABLE "alerts" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alerts_officer_kind_idx" ON "alerts" USING btree ("officer_id","kind","resolved_at");