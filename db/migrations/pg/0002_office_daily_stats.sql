CREATE TABLE "office_daily_stats" (
	"office_id" integer NOT NULL,
	"day" text NOT NULL,
	"issued" integer NOT NULL,
	"served" integer NOT NULL,
	"no_shows" integer NOT NULL,
	"served_within_target" integer NOT NULL,
	"wait_histogram" jsonb NOT NULL,
	"bookings_checked_in" integer NOT NULL,
	"bookings_no_show" integer NOT NULL,
	"responses" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"factors" jsonb NOT NULL,
	"eta_abs_error_minutes" double precision NOT NULL,
	"eta_error_minutes" double precision NOT NULL,
	"eta_count" integer NOT NULL,
	"dossiers_received" integer DEFAULT 0 NOT NULL,
	"dossiers_resolved" integer DEFAULT 0 NOT NULL,
	"dossiers_on_time" integer DEFAULT 0 NOT NULL,
	"dossiers_late" integer DEFAULT 0 NOT NULL,
	"feedback_received" integer DEFAULT 0 NOT NULL,
	"feedback_answered_on_time" integer DEFAULT 0 NOT NULL,
	"feedback_late" integer DEFAULT 0 NOT NULL,
	"computed_at" bigint NOT NULL,
	CONSTRAINT "office_daily_stats_office_id_day_pk" PRIMARY KEY("office_id","day")
);
--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "office_daily_stats" ADD CONSTRAINT "office_daily_stats_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "office_daily_stats_day" ON "office_daily_stats" USING btree ("day");