-- Customers, contacts, follow-ups, opportunities and their stage history (SPEC §3.1–3.3).
-- Confidential/restricted values live in *_enc columns: base64 of an AES-256-GCM blob bound to
-- (table, column, row id, key version); *_kv holds the key version so rotation can find old values.
-- owner_id/team_id/region_id on customers drive row visibility (src/auth/visibility.c).

CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(200) NOT NULL,
  industry VARCHAR(100) NOT NULL DEFAULT '',
  employees INT UNSIGNED NULL,
  annual_revenue BIGINT UNSIGNED NULL,            -- minor units (fen)
  currency CHAR(3) NOT NULL DEFAULT 'CNY',
  source ENUM('website','whitepaper','social','trade_show','association','referral','other') NOT NULL DEFAULT 'other',
  segment ENUM('new','existing','key') NOT NULL DEFAULT 'new',
  intent ENUM('high','medium','low') NOT NULL DEFAULT 'medium',
  stage TINYINT UNSIGNED NOT NULL DEFAULT 1,      -- pipeline stage 1..6
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id BIGINT UNSIGNED NOT NULL,
  region_id BIGINT UNSIGNED NOT NULL,
  shared_with_team TINYINT(1) NOT NULL DEFAULT 0,
  need_summary TEXT NOT NULL,
  suppliers TEXT NOT NULL,                        -- current suppliers / competitors and their terms
  decision_process TEXT NOT NULL,                 -- who recommends, who decides
  notes TEXT NOT NULL,
  next_follow_up DATE NULL,
  budget_ceiling_enc VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NULL,   -- confidential
  budget_ceiling_kv SMALLINT UNSIGNED NULL,
  decision_notes_enc TEXT CHARACTER SET ascii COLLATE ascii_bin NULL,           -- confidential
  decision_notes_kv SMALLINT UNSIGNED NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_customers_name (name, id),
  KEY ix_customers_updated (updated_at, id),
  KEY ix_customers_follow (next_follow_up, id),
  KEY ix_customers_owner (owner_id, name, id),
  KEY ix_customers_team (team_id, name, id),
  KEY ix_customers_region (region_id, name, id),
  KEY ix_customers_budget_kv (budget_ceiling_kv),
  KEY ix_customers_notes_kv (decision_notes_kv),
  CONSTRAINT fk_customers_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT fk_customers_team FOREIGN KEY (team_id) REFERENCES teams (id),
  CONSTRAINT fk_customers_region FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT ck_customers_stage CHECK (stage BETWEEN 1 AND 6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contacts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  title VARCHAR(100) NOT NULL DEFAULT '',
  phone VARCHAR(50) NOT NULL DEFAULT '',
  email VARCHAR(200) NOT NULL DEFAULT '',
  decision_role ENUM('decides','recommends','influences','uses') NOT NULL DEFAULT 'influences',
  personality ENUM('know_it_all','open_minded','hesitant','complainer','analytical','bargainer','intimidating','unknown')
    NOT NULL DEFAULT 'unknown',
  notes TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_contacts_customer (customer_id, name),
  CONSTRAINT fk_contacts_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE follow_ups (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  happened_on DATE NOT NULL,
  channel ENUM('phone','email','visit','video') NOT NULL,
  summary TEXT NOT NULL,
  next_date DATE NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_follow_ups_customer (customer_id, happened_on, id),
  CONSTRAINT fk_follow_ups_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT fk_follow_ups_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE opportunities (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  stage TINYINT UNSIGNED NOT NULL DEFAULT 1,
  currency CHAR(3) NOT NULL DEFAULT 'CNY',
  list_price BIGINT UNSIGNED NULL,                 -- minor units
  initial_quote BIGINT UNSIGNED NULL,
  current_offer BIGINT UNSIGNED NULL,
  final_price BIGINT UNSIGNED NULL,
  expected_close DATE NULL,
  status ENUM('open','won','lost','on_hold') NOT NULL DEFAULT 'open',
  lost_reason VARCHAR(500) NOT NULL DEFAULT '',
  owner_id BIGINT UNSIGNED NOT NULL,
  cost_enc VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NULL,    -- restricted (minor units)
  cost_kv SMALLINT UNSIGNED NULL,
  margin_enc VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NULL,  -- restricted (basis points)
  margin_kv SMALLINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_opportunities_customer (customer_id, id),
  KEY ix_opportunities_owner (owner_id, id),
  KEY ix_opportunities_cost_kv (cost_kv),
  KEY ix_opportunities_margin_kv (margin_kv),
  CONSTRAINT fk_opportunities_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_opportunities_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT ck_opportunities_stage CHECK (stage BETWEEN 1 AND 6),
  CONSTRAINT ck_opportunities_lost CHECK (status <> 'lost' OR lost_reason <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE opportunity_stages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  from_stage TINYINT UNSIGNED NULL,
  to_stage TINYINT UNSIGNED NOT NULL,
  status ENUM('open','won','lost','on_hold') NOT NULL,
  changed_by BIGINT UNSIGNED NOT NULL,
  changed_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_opportunity_stages_opp (opportunity_id, changed_at, id),
  CONSTRAINT fk_opportunity_stages_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_opportunity_stages_user FOREIGN KEY (changed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
