CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`code` text NOT NULL,
	`token` text NOT NULL,
	`slot_start` integer NOT NULL,
	`slot_end` integer NOT NULL,
	`local_day` text NOT NULL,
	`name` text,
	`phone` text,
	`id_number_hash` text,
	`priority` text,
	`state` text DEFAULT 'booked' NOT NULL,
	`ticket_id` integer,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`purged_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_token_unique` ON `appointments` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_office_code` ON `appointments` (`office_id`,`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_one_per_phone` ON `appointments` (`service_id`,`local_day`,`phone`) WHERE state in ('booked', 'checked_in');--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_one_per_id` ON `appointments` (`service_id`,`local_day`,`id_number_hash`) WHERE state in ('booked', 'checked_in') and id_number_hash is not null;--> statement-breakpoint
CREATE INDEX `appointments_slot` ON `appointments` (`service_id`,`slot_start`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer,
	`staff_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_office_at` ON `audit_log` (`office_id`,`at`);--> statement-breakpoint
CREATE TABLE `counter_services` (
	`counter_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`counter_id`, `service_id`),
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `counter_services_service` ON `counter_services` (`service_id`);--> statement-breakpoint
CREATE TABLE `counters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'closed' NOT NULL,
	`pause_reason` text,
	`officer_id` integer,
	`current_ticket_id` integer,
	`priority_streak` integer DEFAULT 0 NOT NULL,
	`opened_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counters_office_number` ON `counters` (`office_id`,`number`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`counter_id` integer,
	`pair_token_hash` text,
	`token_hash` text,
	`created_at` integer NOT NULL,
	`paired_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_pair_token_hash_unique` ON `devices` (`pair_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `devices_token_hash_unique` ON `devices` (`token_hash`);--> statement-breakpoint
CREATE INDEX `devices_office` ON `devices` (`office_id`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`rating_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`answer` text,
	`answered_by` integer,
	`answered_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rating_id`) REFERENCES `ratings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_office_state` ON `feedback` (`office_id`,`state`);--> statement-breakpoint
CREATE TABLE `holidays` (
	`office_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`office_id`, `date`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`office_id` integer NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `offices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`timezone` text DEFAULT 'Asia/Ho_Chi_Minh' NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opening_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opening_hours_office` ON `opening_hours` (`office_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `public_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`kind` text NOT NULL,
	`ticket_token` text,
	`counter_id` integer,
	`payload` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `public_events_office_kind` ON `public_events` (`office_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `public_events_token` ON `public_events` (`ticket_token`,`id`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`level` integer NOT NULL,
	`scale` integer NOT NULL,
	`answers` text,
	`comment` text,
	`channel` text NOT NULL,
	`wait_ms` integer,
	`service_ms` integer,
	`service_id` integer NOT NULL,
	`counter_id` integer,
	`officer_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_ticket_id_unique` ON `ratings` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `ratings_office_at` ON `ratings` (`office_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sectors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sectors_office` ON `sectors` (`office_id`,`position`);--> statement-breakpoint
CREATE TABLE `service_stats` (
	`service_id` integer PRIMARY KEY NOT NULL,
	`ewma_service_ms` integer NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`sector_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`avg_service_minutes` integer NOT NULL,
	`bookable` integer DEFAULT true NOT NULL,
	`slot_minutes` integer DEFAULT 30 NOT NULL,
	`capacity_per_slot` integer,
	`what_to_bring` text,
	`active` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sector_id`) REFERENCES `sectors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `services_office` ON `services` (`office_id`,`position`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_staff` ON `sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `slot_ledger` (
	`service_id` integer NOT NULL,
	`slot_start` integer NOT NULL,
	`capacity` integer NOT NULL,
	`booked` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`service_id`, `slot_start`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username_unique` ON `staff` (`username`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`type` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`at` integer NOT NULL,
	`counter_id` integer,
	`officer_id` integer,
	`reason` text,
	`data` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `ticket_events_office_at` ON `ticket_events` (`office_id`,`at`);--> statement-breakpoint
CREATE TABLE `ticket_sequences` (
	`office_id` integer NOT NULL,
	`prefix` text NOT NULL,
	`local_day` text NOT NULL,
	`last_seq` integer NOT NULL,
	PRIMARY KEY(`office_id`, `prefix`, `local_day`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`local_day` text NOT NULL,
	`prefix` text NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`token` text NOT NULL,
	`source` text DEFAULT 'walk_in' NOT NULL,
	`priority` text,
	`queue_class` integer NOT NULL,
	`appointment_id` integer,
	`slot_start` integer,
	`state` text DEFAULT 'waiting' NOT NULL,
	`issued_at` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`called_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`ended_at` integer,
	`counter_id` integer,
	`officer_id` integer,
	`target_counter_id` integer,
	`recall_count` integer DEFAULT 0 NOT NULL,
	`state_since` integer NOT NULL,
	`wait_ms` integer DEFAULT 0 NOT NULL,
	`walk_ms` integer DEFAULT 0 NOT NULL,
	`service_ms` integer DEFAULT 0 NOT NULL,
	`hold_ms` integer DEFAULT 0 NOT NULL,
	`eta_minutes_at_issue` integer,
	`end_reason` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_token_unique` ON `tickets` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_office_prefix_day_seq` ON `tickets` (`office_id`,`prefix`,`local_day`,`seq`);--> statement-breakpoint
CREATE INDEX `tickets_line` ON `tickets` (`service_id`,`state`,`queue_class`,`queued_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_office_state` ON `tickets` (`office_id`,`state`,`service_id`);--> statement-breakpoint
CREATE INDEX `tickets_office_day` ON `tickets` (`office_id`,`local_day`);--> statement-breakpoint
CREATE INDEX `tickets_counter_state` ON `tickets` (`counter_id`,`state`);--> statement-breakpoint
CREATE INDEX `tickets_target_state` ON `tickets` (`target_counter_id`,`state`);