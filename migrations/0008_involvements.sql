CREATE TABLE `involvements` (
	`subject` text NOT NULL,
	`workspace_id` text NOT NULL,
	PRIMARY KEY(`subject`, `workspace_id`)
);
--> statement-breakpoint
-- Members so far are involved in their workspaces; invitations sent before this index are not listed.
INSERT OR IGNORE INTO `involvements` (`subject`, `workspace_id`) SELECT `user_id`, `workspace_id` FROM `memberships`;
