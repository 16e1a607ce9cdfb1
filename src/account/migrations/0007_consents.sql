CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document` text NOT NULL,
	`version` text NOT NULL,
	`accepted_at` text NOT NULL,
	`how` text NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`withdrawn_at` text,
	`withdrawn_how` text,
	`withdrawn_ip` text,
	`withdrawn_user_agent` text
);
--> statement-breakpoint
CREATE INDEX `consents_document` ON `consents` (`document`,`accepted_at`);