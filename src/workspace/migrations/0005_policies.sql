ALTER TABLE `members` ADD `two_factor_on` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `two_factor_required_since` text;--> statement-breakpoint
ALTER TABLE `workspace` ADD `two_factor_grace_days` integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `allowed_email_domains` text DEFAULT '[]' NOT NULL;