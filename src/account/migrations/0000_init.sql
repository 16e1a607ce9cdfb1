CREATE TABLE `account` (
	`user_id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`deactivated_at` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`method` text NOT NULL,
	`authenticated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	`revoked_reason` text,
	`user_agent` text DEFAULT '' NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	`refresh_generation` integer DEFAULT 0 NOT NULL,
	`rotated_at` text
);
--> statement-breakpoint
CREATE INDEX `sessions_created` ON `sessions` (`created_at`);