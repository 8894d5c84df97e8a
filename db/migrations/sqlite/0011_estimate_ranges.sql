ALTER TABLE `counters` ADD `speed_ratio` real;--> statement-breakpoint
ALTER TABLE `counters` ADD `speed_samples` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `service_stats` ADD `log_mean` real;--> statement-breakpoint
ALTER TABLE `service_stats` ADD `log_var` real;--> statement-breakpoint
ALTER TABLE `tickets` ADD `eta_low_minutes` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `eta_high_minutes` integer;