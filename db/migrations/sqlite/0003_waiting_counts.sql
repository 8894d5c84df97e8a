CREATE TABLE `waiting_counts` (
	`office_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`queue_class` integer NOT NULL,
	`waiting` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`service_id`, `queue_class`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waiting_counts_office` ON `waiting_counts` (`office_id`);--> statement-breakpoint
-- Written by hand: the counts of the lines as they stand when this migration runs.
INSERT INTO `waiting_counts` (`office_id`, `service_id`, `queue_class`, `waiting`)
SELECT `office_id`, `service_id`, `queue_class`, count(*) FROM `tickets` WHERE `state` = 'waiting' GROUP BY `service_id`, `queue_class`;
