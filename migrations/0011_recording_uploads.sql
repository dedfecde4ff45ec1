-- Device uploads, talkback recordings and the periodic integrity check (issue 6). Written by hand:
-- the recordings module queries with SQL.
-- Body cameras upload MP4 (H.264/AAC) as they recorded it; the recorder itself writes WebM/Matroska.
ALTER TABLE "recordings" DROP CONSTRAINT "recordings_container_known";
--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_container_known" CHECK ("container" IN ('webm', 'matroska', 'mp4'));
--> statement-breakpoint
-- live: recorded at ingest from a camera stream; talkback: an operator speaking to a device; upload:
-- a file a device recorded itself and uploaded.
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_source_known" CHECK ("source" IN ('live', 'talkback', 'upload'));
--> statement-breakpoint
-- What ffprobe found in an uploaded file (codecs, duration, resolution, format).
ALTER TABLE "recordings" ADD COLUMN "media_info" jsonb;
--> statement-breakpoint
-- The SHA-256 the device computed for an upload: the same file uploaded twice is one recording.
ALTER TABLE "recordings" ADD COLUMN "upload_sha256" bytea;
--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_upload_unique" ON "recordings" USING btree ("device_id", "upload_sha256") WHERE "upload_sha256" IS NOT NULL;
--> statement-breakpoint
-- The periodic integrity job re-hashes the recordings verified longest ago first.
ALTER TABLE "recordings" ADD COLUMN "verified_at" timestamp (3) with time zone;
--> statement-breakpoint
CREATE INDEX "recordings_verified_idx" ON "recordings" USING btree ("verified_at" NULLS FIRST) WHERE "ended_at" IS NOT NULL AND "media_deleted_at" IS NULL;
