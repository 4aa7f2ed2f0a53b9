-- Closing an opportunity (docs/closing.md): a structured reason for every win and loss, chosen from
-- lists the admin edits (closing_choices: the reasons and the competitors), the competitor lost to,
-- the final price and the tactic that decided it. A reopening keeps the closing and says who reopened
-- it, when and why; closing again adds a new row. The current closing is the one not reopened.
CREATE TABLE closing_choices (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  list ENUM('reason','competitor') NOT NULL,
  code VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL,   -- seeded reasons: a stable name the rules use
  label_zh VARCHAR(100) NOT NULL,
  label_en VARCHAR(100) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  position INT NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_closing_choices_code (list, code),
  UNIQUE KEY uq_closing_choices_zh (list, label_zh),
  KEY ix_closing_choices_list (list, active, position, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO closing_choices (list, code, label_zh, label_en, position, created_at, updated_at) VALUES
  ('reason', 'price', '价格', 'Price', 10, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'function', '功能', 'Function', 20, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'trust', '信任', 'Trust', 30, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'decision', '决策流程', 'Decision process', 40, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'competitor', '竞争对手', 'Competitor', 50, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'timing', '时机', 'Timing', 60, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'budget', '预算', 'Budget', 70, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'relationship', '客户关系', 'Relationship', 80, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'service', '服务与交付', 'Service and delivery', 90, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('reason', 'other', '其他', 'Other', 100, UTC_TIMESTAMP(), UTC_TIMESTAMP());

CREATE TABLE opportunity_closings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  outcome ENUM('won','lost') NOT NULL,
  primary_reason_id BIGINT UNSIGNED NOT NULL,
  secondary_reason_id BIGINT UNSIGNED NULL,
  competitor_id BIGINT UNSIGNED NULL,             -- lost to
  final_price BIGINT UNSIGNED NULL,               -- minor units, in the opportunity's currency
  tactic VARCHAR(500) NOT NULL DEFAULT '',        -- the tactic that decided it
  tactic_id BIGINT UNSIGNED NULL,                 -- the same, as a tactic of the library
  notes TEXT NOT NULL,
  closed_by BIGINT UNSIGNED NOT NULL,
  closed_at DATETIME NOT NULL,
  reopened_by BIGINT UNSIGNED NULL,
  reopened_at DATETIME NULL,
  reopen_reason VARCHAR(500) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY ix_opportunity_closings_opp (opportunity_id, id),
  KEY ix_opportunity_closings_tactic (tactic_id),
  CONSTRAINT fk_opportunity_closings_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_opportunity_closings_primary FOREIGN KEY (primary_reason_id) REFERENCES closing_choices (id),
  CONSTRAINT fk_opportunity_closings_secondary FOREIGN KEY (secondary_reason_id) REFERENCES closing_choices (id),
  CONSTRAINT fk_opportunity_closings_competitor FOREIGN KEY (competitor_id) REFERENCES closing_choices (id),
  CONSTRAINT fk_opportunity_closings_closed_by FOREIGN KEY (closed_by) REFERENCES users (id),
  CONSTRAINT fk_opportunity_closings_reopened_by FOREIGN KEY (reopened_by) REFERENCES users (id),
  CONSTRAINT ck_opportunity_closings_reasons CHECK (secondary_reason_id IS NULL OR secondary_reason_id <> primary_reason_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
