-- Full-process recording (issue 6): what the recorder needs beyond the foundation's recordings
-- and recording_segments tables. Written by hand: the recordings module queries with SQL.
-- One recording per stream: a publisher that reconnects to the same stream continues it.
CREATE UNIQUE INDEX "recordings_stream_unique" ON "recordings" USING btree ("stream_id") WHERE "stream_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "recordings_started_idx" ON "recordings" USING btree ("started_at");
--> statement-breakpoint
-- Open recordings (ended_at IS NULL) are the ones a restart has to recover.
CREATE INDEX "recordings_open_idx" ON "recordings" USING btree ("id") WHERE "ended_at" IS NULL;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "container" text;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "video_codec" text;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "audio_codec" text;
--> statement-breakpoint
-- The hash chain's last link and length: removing the last segment rows is detected too.
ALTER TABLE "recordings" ADD COLUMN "segment_count" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "chain_head" bytea;
--> statement-breakpoint
-- The ffmpeg run writing now (one per continuous publisher), for recovery after a crash:
-- which files may be unindexed, from when, and which process may still hold them.
ALTER TABLE "recordings" ADD COLUMN "run" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "run_started_at" timestamp (3) with time zone;
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "recorder_pid" integer;
--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_container_known" CHECK ("container" IN ('webm', 'matroska'));
--> statement-breakpoint
ALTER TABLE "recording_segments" ADD COLUMN "repaired" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- Why a segment is not as ffmpeg finished it (repaired after a crash, what the original was).
ALTER TABLE "recording_segments" ADD COLUMN "note" text;
