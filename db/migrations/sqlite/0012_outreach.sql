CREATE TABLE `outreach_bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`office_id` integer NOT NULL,
	`code` text NOT NULL,
	`token` text NOT NULL,
	`service_id` integer,
	`name` text,
	`phone` text,
	`state` text DEFAULT 'booked' NOT NULL,
	`created_at` integer NOT NULL,
	`checked_in_at` integer,
	`cancelled_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `outreach_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_bookings_code` ON `outreach_bookings` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_bookings_token` ON `outreach_bookings` (`token`);--> statement-breakpoint
CREATE INDEX `outreach_bookings_session_phone` ON `outreach_bookings` (`session_id`,`phone`);--> statement-breakpoint
CREATE TABLE `outreach_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`place_name` text NOT NULL,
	`address` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`booked` integer DEFAULT 0 NOT NULL,
	`service_ids` text NOT NULL,
	`officer_ids` text NOT NULL,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outreach_sessions_office_start` ON `outreach_sessions` (`office_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `outreach_sessions_start` ON `outreach_sessions` (`starts_at`);--> statement-breakpoint
CREATE TABLE `outreach_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`session_id` integer,
	`booking_id` integer,
	`ticket_id` integer,
	`service_id` integer,
	`filed_online` integer DEFAULT false NOT NULL,
	`portal_code` text,
	`eid_set_up` integer DEFAULT false NOT NULL,
	`level` integer,
	`scale` integer,
	`officer_id` integer,
	`client_key` text NOT NULL,
	`done_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `outreach_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `outreach_bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_visits_key` ON `outreach_visits` (`client_key`);--> statement-breakpoint
CREATE INDEX `outreach_visits_session` ON `outreach_visits` (`session_id`);--> statement-breakpoint
CREATE INDEX `outreach_visits_office_at` ON `outreach_visits` (`office_id`,`done_at`);