ALTER TABLE "users" ADD COLUMN "unread_notifications" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Every way a notification appears, is read or unread again, or goes (alone, or with its comment,
-- post or actor) moves its user's count in the same transaction. Counting rows instead costs a
-- visit to each unread one, on every notification sent. Users are locked in id order, so two
-- statements touching the same users cannot deadlock.
CREATE FUNCTION "notifications_track_unread"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  deltas integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg("user_id" ORDER BY "user_id"), array_agg("n" ORDER BY "user_id") INTO ids, deltas
    FROM (SELECT "user_id", count(*)::integer AS "n" FROM "added" WHERE "read_at" IS NULL GROUP BY "user_id") AS d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("user_id" ORDER BY "user_id"), array_agg("n" ORDER BY "user_id") INTO ids, deltas
    FROM (SELECT "user_id", -count(*)::integer AS "n" FROM "removed" WHERE "read_at" IS NULL GROUP BY "user_id") AS d;
  ELSE
    SELECT array_agg("user_id" ORDER BY "user_id"), array_agg("n" ORDER BY "user_id") INTO ids, deltas
    FROM (
      SELECT "user_id", sum("n")::integer AS "n"
      FROM (
        SELECT "user_id", 1 AS "n" FROM "added" WHERE "read_at" IS NULL
        UNION ALL
        SELECT "user_id", -1 AS "n" FROM "removed" WHERE "read_at" IS NULL
      ) AS changes
      GROUP BY "user_id"
      HAVING sum("n") <> 0
    ) AS d;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM "users" WHERE "id" = ANY (ids) ORDER BY "id" FOR NO KEY UPDATE;
  UPDATE "users" SET "unread_notifications" = "users"."unread_notifications" + d."n"
  FROM unnest(ids, deltas) AS d("id", "n")
  WHERE "users"."id" = d."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "notifications_unread_on_insert" AFTER INSERT ON "notifications"
  REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "notifications_track_unread"();
--> statement-breakpoint
CREATE TRIGGER "notifications_unread_on_update" AFTER UPDATE ON "notifications"
  REFERENCING OLD TABLE AS "removed" NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "notifications_track_unread"();
--> statement-breakpoint
CREATE TRIGGER "notifications_unread_on_delete" AFTER DELETE ON "notifications"
  REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "notifications_track_unread"();
--> statement-breakpoint
-- Counted once, after the triggers exist and under a lock, so no notification is missed or counted twice.
LOCK TABLE "notifications" IN SHARE MODE;
--> statement-breakpoint
UPDATE "users" SET "unread_notifications" = unread."n"
FROM (SELECT "user_id", count(*)::integer AS "n" FROM "notifications" WHERE "read_at" IS NULL GROUP BY "user_id") AS unread
WHERE "users"."id" = unread."user_id";
