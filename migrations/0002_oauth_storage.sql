CREATE TABLE `oauth_storage` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer
);
--> statement-breakpoint
CREATE INDEX `oauth_storage_expires_at` ON `oauth_storage` (`expires_at`);