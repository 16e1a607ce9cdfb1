ALTER TABLE `invitations` ADD `grants_expires_at` text;--> statement-breakpoint
ALTER TABLE `members` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `members` ADD `expiry_warned_at` text;--> statement-breakpoint
CREATE INDEX `members_expires` ON `members` (`expires_at`);