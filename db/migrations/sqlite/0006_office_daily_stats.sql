CREATE TABLE `office_daily_stats` (
	`office_id` integer NOT NULL,
	`day` text NOT NULL,
	`issued` integer NOT NULL,
	`served` integer NOT NULL,
	`no_shows` integer NOT NULL,
	`served_within_target` integer NOT NULL,
	`wait_histogram` text NOT NULL,
	`bookings_checked_in` integer NOT NULL,
	`bookings_no_show` integer NOT NULL,
	`responses` integer NOT NULL,
	`satisfied` integer NOT NULL,
	`factors` text NOT NULL,
	`eta_abs_error_minutes` real NOT NULL,
	`eta_error_minutes` real NOT NULL,
	`eta_count` integer NOT NULL,
	`dossiers_received` integer DEFAULT 0 NOT NULL,
	`dossiers_resolved` integer DEFAULT 0 NOT NULL,
	`dossiers_on_time` integer DEFAULT 0 NOT NULL,
	`dossiers_late` integer DEFAULT 0 NOT NULL,
	`feedback_received` integer DEFAULT 0 NOT NULL,
	`feedback_answered_on_time` integer DEFAULT 0 NOT NULL,
	`feedback_late` integer DEFAULT 0 NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`office_id`, `day`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_daily_stats_day` ON `office_daily_stats` (`day`);--> statement-breakpoint
ALTER TABLE `offices` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `offices` ADD `longitude` real;