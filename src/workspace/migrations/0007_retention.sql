CREATE TABLE `audit_cut` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `workspace` ADD `audit_retention_days` integer;