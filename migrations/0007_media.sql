-- Live video (issue 5): what the stream rows need beyond the foundation's columns, one live
-- camera stream and one talkback per device at a time, and per-device media settings.
-- Written by hand: the media module queries these tables with SQL, not through the drizzle schema.
ALTER TABLE "streams" ADD COLUMN "bitrate_kbps" integer;
--> statement-breakpoint
ALTER TABLE "streams" ADD COLUMN "on_demand" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- Who asked for the stream (on demand) or speaks in it (talkback).
ALTER TABLE "streams" ADD COLUMN "user_id" uuid REFERENCES "users"("id") ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_state_known" CHECK ("state" IN ('live', 'reconnecting', 'ended'));
--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_ingest_known" CHECK ("ingest" IN ('whip', 'rtmp', 'rtsp', 'talkback'));
--> statement-breakpoint
-- A second concurrent publisher for the same device is refused by the service with a 409;
-- this index makes a race between two requests end the same way.
CREATE UNIQUE INDEX "streams_one_open_per_device" ON "streams" USING btree ("device_id", ("ingest" = 'talkback')) WHERE "state" <> 'ended';
--> statement-breakpoint
CREATE TABLE "device_media_settings" (
	"device_id" uuid PRIMARY KEY NOT NULL REFERENCES "devices"("id") ON DELETE CASCADE,
	"record_continuously" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
