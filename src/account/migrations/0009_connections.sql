CREATE TABLE `connection_index_outbox` (
	`identity` text PRIMARY KEY NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `connections` (
	`provider` text PRIMARY KEY NOT NULL,
	`subject` text NOT NULL,
	`email` text NOT NULL,
	`linked_at` text NOT NULL,
	`last_used_at` text
);
--> statement-breakpoint
CREATE INDEX `connections_subject` ON `connections` (`provider`,`subject`);