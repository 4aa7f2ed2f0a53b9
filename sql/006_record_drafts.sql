-- Records, plans and needs reports are typed during the meeting and saved as drafts: a draft keeps
-- half-filled rows (an action without its owner or due date yet, a need without its urgency), and
-- completion checks them (docs/record-entry.md). Each form carries the revision it was opened at; a
-- save from an older revision is refused, so two people editing one draft never overwrite each other.
ALTER TABLE negotiations ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE needs_reports ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 0;

ALTER TABLE negotiation_actions
  MODIFY owner_id BIGINT UNSIGNED NULL,
  MODIFY due_on DATE NULL;
ALTER TABLE negotiation_needs MODIFY urgency ENUM('high','medium','low') NULL;
ALTER TABLE objections MODIFY type ENUM('price','function','trust','decision') NULL;
ALTER TABLE negotiation_terms MODIFY term ENUM('price','delivery','payment','service','support','other') NULL;
ALTER TABLE negotiation_concessions MODIFY term ENUM('price','payment','service','delivery','other') NULL;
