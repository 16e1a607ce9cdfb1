CREATE TABLE `email_history` (
	`email` text PRIMARY KEY NOT NULL,
	`recorded_at` text NOT NULL,
	`replaced_at` text
);
