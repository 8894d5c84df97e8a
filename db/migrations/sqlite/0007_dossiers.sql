CREATE TABLE `dossier_apologies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_id` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_id` integer,
	`reason` text NOT NULL,
	`new_due_at` integer NOT NULL,
	`signer` text,
	FOREIGN KEY (`dossier_id`) REFERENCES `dossiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_apologies_dossier` ON `dossier_apologies` (`dossier_id`);--> statement-breakpoint
CREATE TABLE `dossier_sequences` (
	`office_id` integer NOT NULL,
	`day` text NOT NULL,
	`last_seq` integer NOT NULL,
	PRIMARY KEY(`office_id`, `day`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dossier_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_id` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_id` integer,
	`from_state` text,
	`to_state` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`dossier_id`) REFERENCES `dossiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_steps_dossier` ON `dossier_steps` (`dossier_id`);--> statement-breakpoint
CREATE TABLE `dossiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`ticket_id` integer,
	`counter_id` integer,
	`code` text NOT NULL,
	`token` text NOT NULL,
	`applicant_name` text,
	`phone` text,
	`papers` text NOT NULL,
	`state` text NOT NULL,
	`received_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`paused_at` integer,
	`result_ready_at` integer,
	`returned_at` integer,
	`ended_at` integer,
	`last_reason` text,
	`received_by` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`received_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dossiers_code_unique` ON `dossiers` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `dossiers_token_unique` ON `dossiers` (`token`);--> statement-breakpoint
CREATE INDEX `dossiers_office_received` ON `dossiers` (`office_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `dossiers_office_state` ON `dossiers` (`office_id`,`state`);--> statement-breakpoint
ALTER TABLE `services` ADD `processing_days` integer DEFAULT 0 NOT NULL;