CREATE TABLE `retired_invitation_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`retired_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `invitations` ADD `delivery` text DEFAULT 'sent' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `next_attempt_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `invitation_id` text;