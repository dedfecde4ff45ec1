-- Where a fixed camera looks (issue 7): its bearing (degrees clockwise from north; null while
-- nobody has set it, so the map draws no wedge rather than a made-up one), its horizontal field
-- of view and how far it usefully sees. The API validates the same bounds; the checks keep
-- direct SQL honest too.
ALTER TABLE "fixed_cameras"
	ADD COLUMN "bearing" real CHECK ("bearing" >= 0 AND "bearing" < 360),
	ADD COLUMN "fov" real DEFAULT 60 NOT NULL CHECK ("fov" >= 10 AND "fov" <= 360),
	ADD COLUMN "range_metres" real DEFAULT 80 NOT NULL CHECK ("range_metres" >= 5 AND "range_metres" <= 2000);
