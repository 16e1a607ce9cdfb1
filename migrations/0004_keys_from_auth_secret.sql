DROP TABLE `service_keys`;--> statement-breakpoint
-- OpenAuth's private keys were stored in the clear: none of them is trusted any more (docs/decisions/0007).
-- The storage adapter ignores unsealed key rows; deleting them also takes the old private keys out of the
-- database. OpenAuth makes fresh, sealed key pairs on its next request.
DELETE FROM `oauth_storage` WHERE substr(`key`, 1, instr(`key` || char(31), char(31)) - 1) IN ('signing:key', 'encryption:key', 'oauth:key');
