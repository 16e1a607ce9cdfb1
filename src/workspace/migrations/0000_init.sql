CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_id_unique` ON `audit_events` (`id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`status` text NOT NULL,
	`expires_at` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_status_email` ON `invitations` (`status`,`email`);--> statement-breakpoint
CREATE INDEX `invitations_created` ON `invitations` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`first_name_key` text DEFAULT '' NOT NULL,
	`last_name_key` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`joined_at` text NOT NULL,
	`invited_by` text
);
--> statement-breakpoint
CREATE INDEX `members_joined` ON `members` (`joined_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `members_role_joined` ON `members` (`role`,`joined_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `members_email` ON `members` (`email`);--> statement-breakpoint
CREATE INDEX `members_first_name_key` ON `members` (`first_name_key`);--> statement-breakpoint
CREATE INDEX `members_last_name_key` ON `members` (`last_name_key`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `ownership_nomination` (
	`nominee_id` text PRIMARY KEY NOT NULL,
	`nominated_by` text NOT NULL,
	`nominated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `workspace` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`deleted_at` text
);
