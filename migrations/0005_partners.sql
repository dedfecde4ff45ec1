-- Partner command platforms (public security): API keys with scopes, webhook subscriptions,
-- and the delivery log that is also the outgoing queue. Written by hand: the partners module
-- queries these tables with SQL, not through the drizzle schema.
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"key_hash" bytea NOT NULL,
	"key_hint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "partners_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "partners_scopes_known" CHECK (
		cardinality("scopes") > 0
		AND "scopes" <@ ARRAY['positions:read', 'tasks:read', 'alerts:read', 'reports:create']::text[]
	)
);
--> statement-breakpoint
-- A revoked partner's name can be given to its replacement.
CREATE UNIQUE INDEX "partners_name_active_unique" ON "partners" USING btree ("name") WHERE "revoked_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL REFERENCES "partners"("id") ON DELETE restrict,
	"url" text NOT NULL,
	-- Kept in clear: the server needs it to sign every delivery.
	"secret" text NOT NULL,
	"events" text[] NOT NULL CHECK (cardinality("events") > 0),
	-- False once deleted or its partner revoked; the row stays for the delivery log.
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_partner_idx" ON "webhook_subscriptions" USING btree ("partner_id");
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL REFERENCES "webhook_subscriptions"("id") ON DELETE restrict,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The queue: only pending deliveries, in the order they fall due.
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at")
	WHERE "delivered_at" IS NULL AND "failed_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_log_idx" ON "webhook_deliveries" USING btree ("subscription_id", "created_at");
