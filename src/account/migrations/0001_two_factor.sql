CREATE TABLE `backup_codes` (
	`digest` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`used_at` text
);
--> statement-breakpoint
CREATE TABLE `second_factor_challenges` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `two_factor` (
	`id` integer PRIMARY KEY NOT NULL,
	`sealed_secret` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`enabled_at` text,
	`last_used_step` integer
);
