CREATE TABLE "realtime_rooms" (
	"room" text PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
-- Rooms logged before this migration carry on from their latest seq, so clients never see a seq twice.
INSERT INTO "realtime_rooms" ("room", "last_seq") SELECT "room", max("seq") FROM "realtime_events" GROUP BY "room";
