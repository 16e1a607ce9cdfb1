CREATE TABLE `known_devices` (
	`device_id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`method` text NOT NULL,
	`result` text NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`country` text,
	`city` text,
	`known_device` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_events_at` ON `sign_in_events` (`at`,`id`);