CREATE TABLE `live_workspaces` (
	`session_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`noted_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `workspace_id`)
);
