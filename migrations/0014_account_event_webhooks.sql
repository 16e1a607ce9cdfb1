CREATE TABLE `account_event_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_event_outbox_id_unique` ON `account_event_outbox` (`id`);--> statement-breakpoint
CREATE INDEX `account_event_outbox_due` ON `account_event_outbox` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `platform_webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`events` text,
	`description` text DEFAULT '' NOT NULL,
	`enabled` integer NOT NULL,
	`disabled_reason` text,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_until` integer,
	`created_by` text,
	`created_at` text NOT NULL
);
