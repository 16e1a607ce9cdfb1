-- workspace_id becomes nullable: a null one marks an endpoint of the platform (decision 0037). No foreign keys,
-- so no PRAGMA around the rebuild (Durable Object storage runs the statements as they are).
CREATE TABLE `__new_endpoint` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text,
	`url` text NOT NULL,
	`enabled` integer NOT NULL,
	`secrets` text NOT NULL,
	`previous_secret_until` integer,
	`failing_since` integer
);
--> statement-breakpoint
INSERT INTO `__new_endpoint`("id", "workspace_id", "url", "enabled", "secrets", "previous_secret_until", "failing_since") SELECT "id", "workspace_id", "url", "enabled", "secrets", "previous_secret_until", "failing_since" FROM `endpoint`;--> statement-breakpoint
DROP TABLE `endpoint`;--> statement-breakpoint
ALTER TABLE `__new_endpoint` RENAME TO `endpoint`;