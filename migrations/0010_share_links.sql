CREATE TABLE `share_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `share_links_workspace` ON `share_links` (`workspace_id`);