ALTER TABLE "counters" ADD COLUMN "speed_ratio" double precision;--> statement-breakpoint
ALTER TABLE "counters" ADD COLUMN "speed_samples" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_stats" ADD COLUMN "log_mean" double precision;--> statement-breakpoint
ALTER TABLE "service_stats" ADD COLUMN "log_var" double precision;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "eta_low_minutes" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "eta_high_minutes" integer;