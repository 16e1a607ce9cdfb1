CREATE TABLE `admin_audit_cut` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retention_cursors` (
	`objects` text PRIMARY KEY NOT NULL,
	`after_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retention_runs` (
	`rule` text PRIMARY KEY NOT NULL,
	`last_run_at` text NOT NULL,
	`last_removed` integer NOT NULL
);
