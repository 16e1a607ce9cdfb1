CREATE TABLE `outbox` (
	`key` text PRIMARY KEY NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
-- Accounts that had two-factor on before workspaces kept it: tell their workspaces once (decision 0030).
INSERT INTO `outbox` (`key`) SELECT 'two_factor' FROM `two_factor` WHERE `status` = 'on';
