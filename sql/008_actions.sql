-- The task list (/actions): a next action is done with a short result, by whom and when, and can be
-- handed to someone else. Open actions are walked in due order across owners (team, region and
-- company views), closed ones newest first.
ALTER TABLE negotiation_actions
  ADD COLUMN result VARCHAR(500) NOT NULL DEFAULT '' AFTER done_at,
  ADD COLUMN done_by BIGINT UNSIGNED NULL AFTER result,
  ADD COLUMN updated_at DATETIME NULL AFTER done_by,
  ADD KEY ix_negotiation_actions_due (done_at, due_on),
  ADD CONSTRAINT fk_negotiation_actions_done_by FOREIGN KEY (done_by) REFERENCES users (id);

-- The home page's figures per user: the page everyone opens first stays one indexed read while nothing
-- changed. They are used while less than a minute old and the audit log has not moved on since
-- (every change is audited, so its last id tells whether anything changed). body holds
-- "name<TAB>value" lines of the page's Home.* values, names built by the application only.
CREATE TABLE home_figures (
  user_id BIGINT UNSIGNED NOT NULL,
  computed_at DATETIME NOT NULL,
  audit_id BIGINT UNSIGNED NOT NULL,
  body MEDIUMTEXT NOT NULL,
  PRIMARY KEY (user_id),
  CONSTRAINT fk_home_figures_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
