PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer,
	`source` text DEFAULT 'rating' NOT NULL,
	`rating_id` integer,
	`ticket_id` integer,
	`code` text,
	`token` text,
	`category` text DEFAULT 'other' NOT NULL,
	`kind` text DEFAULT 'feedback' NOT NULL,
	`text` text,
	`sender_name` text,
	`sender_phone` text,
	`publish` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`assigned_to` integer,
	`assigned_at` integer,
	`answer` text,
	`answered_by` integer,
	`answered_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`due_at` integer,
	`reminded_at` integer,
	`escalated_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rating_id`) REFERENCES `ratings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_feedback`("id", "office_id", "rating_id", "ticket_id", "state", "answer", "answered_by", "answered_at", "closed_at", "created_at") SELECT "id", "office_id", "rating_id", "ticket_id", "state", "answer", "answered_by", "answered_at", "closed_at", "created_at" FROM `feedback`;--> statement-breakpoint
DROP TABLE `feedback`;--> statement-breakpoint
ALTER TABLE `__new_feedback` RENAME TO `feedback`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `feedback_office_state` ON `feedback` (`office_id`,`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_code` ON `feedback` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_token` ON `feedback` (`token`);--> statement-breakpoint
CREATE INDEX `feedback_state_due` ON `feedback` (`state`,`due_at`);--> statement-breakpoint
CREATE TABLE `feedback_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feedback_id` integer NOT NULL,
	`kind` text NOT NULL,
	`office_id` integer,
	`staff_id` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
CREATE INDEX `feedback_steps_feedback` ON `feedback_steps` (`feedback_id`,`id`);