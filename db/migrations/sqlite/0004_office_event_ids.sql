CREATE TABLE `office_event_counters` (
	`office_id` integer PRIMARY KEY NOT NULL,
	`last_event_id` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_public_events` (
	`id` integer NOT NULL,
	`office_id` integer NOT NULL,
	`kind` text NOT NULL,
	`ticket_token` text,
	`counter_id` integer,
	`payload` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`office_id`, `id`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_public_events`("id", "office_id", "kind", "ticket_token", "counter_id", "payload", "at") SELECT "id", "office_id", "kind", "ticket_token", "counter_id", "payload", "at" FROM `public_events`;--> statement-breakpoint
DROP TABLE `public_events`;--> statement-breakpoint
ALTER TABLE `__new_public_events` RENAME TO `public_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `public_events_office_kind` ON `public_events` (`office_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `public_events_token` ON `public_events` (`ticket_token`,`id`);--> statement-breakpoint
-- Each office continues from the highest id it already has, so a display's lastEventId from
-- before the upgrade stays valid.
INSERT INTO `office_event_counters` (`office_id`, `last_event_id`) SELECT `office_id`, max(`id`) FROM `public_events` GROUP BY `office_id`;
