CREATE TABLE `dossier_refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_id` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_id` integer,
	`reason` text NOT NULL,
	`unit_id` integer,
	FOREIGN KEY (`dossier_id`) REFERENCES `dossiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `office_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_refusals_dossier` ON `dossier_refusals` (`dossier_id`);--> statement-breakpoint
CREATE TABLE `dossier_supplements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_id` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_id` integer,
	`reason` text NOT NULL,
	`missing` text NOT NULL,
	`unit_id` integer,
	`resolved_at` integer,
	FOREIGN KEY (`dossier_id`) REFERENCES `dossiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `office_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_supplements_dossier` ON `dossier_supplements` (`dossier_id`);--> statement-breakpoint
CREATE TABLE `office_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` integer NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `office_units_office_name` ON `office_units` (`office_id`,`name`);--> statement-breakpoint
ALTER TABLE `dossier_apologies` ADD `unit_id` integer REFERENCES office_units(id);--> statement-breakpoint
ALTER TABLE `dossier_steps` ADD `kind` text DEFAULT 'state' NOT NULL;--> statement-breakpoint
ALTER TABLE `dossier_steps` ADD `unit_id` integer REFERENCES office_units(id);--> statement-breakpoint
ALTER TABLE `dossiers` ADD `unit_id` integer REFERENCES office_units(id);--> statement-breakpoint
ALTER TABLE `dossiers` ADD `note` text;