CREATE TABLE `live_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `live_tickets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`session_id` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `live_tickets_user` ON `live_tickets` (`user_id`,`expires_at`);