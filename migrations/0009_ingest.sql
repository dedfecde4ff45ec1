-- RTMP push and RTSP pull (issue 5): a stream key per device for RTMP (stored as a SHA-256
-- hash, shown once when issued, like device tokens).
-- Written by hand: the media module queries these tables with SQL, not through the drizzle schema.
CREATE TABLE "device_stream_keys" (
	"device_id" uuid PRIMARY KEY NOT NULL REFERENCES "devices"("id") ON DELETE CASCADE,
	"key_hash" bytea NOT NULL UNIQUE,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Fixed cameras pulled by RTSP: the device (kind 'fixed_camera') and where it stands.
CREATE TABLE "fixed_cameras" (
	"device_id" uuid PRIMARY KEY NOT NULL REFERENCES "devices"("id") ON DELETE CASCADE,
	"rtsp_url" text NOT NULL,
	"location" geometry(Point, 4326) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
