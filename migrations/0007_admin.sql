CREATE TABLE `admin_audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target` text,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_audit_events_id_unique` ON `admin_audit_events` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `admin_audit_events_prev_hash_unique` ON `admin_audit_events` (`prev_hash`);--> statement-breakpoint
ALTER TABLE `users` ADD `first_name_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_name_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_sign_in_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `two_factor_enabled` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `users_created` ON `users` (`created_date`,`id`);--> statement-breakpoint
CREATE INDEX `users_role_created` ON `users` (`platform_role`,`created_date`,`id`);--> statement-breakpoint
CREATE INDEX `users_deactivated_created` ON `users` (`created_date`,`id`) WHERE is_active = 0 and deleted_at is null;--> statement-breakpoint
CREATE INDEX `users_deleted_created` ON `users` (`created_date`,`id`) WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX `users_first_name_key` ON `users` (`first_name_key`);--> statement-breakpoint
CREATE INDEX `users_last_name_key` ON `users` (`last_name_key`);--> statement-breakpoint
-- Backfill the search keys of existing names. SQLite's lower() folds ASCII only; every later write of a name
-- stores the full Unicode lower case (users/search-prefix.ts).
UPDATE `users` SET `first_name_key` = lower(`first_name`), `last_name_key` = lower(`last_name`);
