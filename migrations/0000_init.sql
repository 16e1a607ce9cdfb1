CREATE TABLE `dev_mailbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dev_mailbox_idempotency_key_unique` ON `dev_mailbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `dev_mailbox_to_created` ON `dev_mailbox` (`to`,`created_at`);