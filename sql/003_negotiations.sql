-- Before, during and after a negotiation (SPEC §3.4–3.7): needs analysis reports, negotiation plans,
-- negotiation records with their repeatable lists, the objection tracker, plan-limit flags and
-- satisfaction surveys. Everything hangs off a customer and is visible exactly when it is.
-- Confidential/restricted values are sealed by the application (src/auth/secrets.c): *_enc holds
-- base64 of an AES-256-GCM blob, *_kv its key version.

CREATE TABLE needs_reports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  researched_on DATE NOT NULL,
  method ENUM('meeting','questionnaire','interview') NOT NULL,
  current_situation TEXT NOT NULL,
  expected_goals TEXT NOT NULL,
  decision_process TEXT NOT NULL,                 -- decision process and key people
  budget_range_enc VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NULL,   -- confidential "CUR min max"
  budget_range_kv SMALLINT UNSIGNED NULL,
  confirmed_on DATE NULL,                         -- customer's confirmation (需求确认书)
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_needs_reports_opp (opportunity_id, researched_on),
  KEY ix_needs_reports_kv (budget_range_kv),
  CONSTRAINT fk_needs_reports_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_needs_reports_user FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Pain points (ranked by priority) and needs (classed must/should/could).
CREATE TABLE needs_report_items (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  report_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('pain','need') NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  text VARCHAR(1000) NOT NULL,
  priority TINYINT UNSIGNED NULL,                 -- pain points: 1 = most pressing
  class ENUM('must','should','could') NULL,       -- needs
  PRIMARY KEY (id),
  KEY ix_needs_report_items_report (report_id, kind, position),
  CONSTRAINT fk_needs_report_items_report FOREIGN KEY (report_id) REFERENCES needs_reports (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plans (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  topic VARCHAR(200) NOT NULL,
  strategy ENUM('concession','integrative','competitive') NOT NULL,
  meeting_on DATE NULL,
  start_time TIME NULL,
  place VARCHAR(200) NOT NULL DEFAULT '',
  must_goals TEXT NOT NULL,                       -- 必达目标
  concedable_goals TEXT NOT NULL,                 -- 可让步目标
  agenda TEXT NOT NULL,                           -- opening → information exchange → bargaining → agreement
  counter_proposals TEXT NOT NULL,                -- expected counter-proposals
  ladder_step_bp INT UNSIGNED NOT NULL DEFAULT 300,   -- largest single concession step
  ladder_asks TEXT NOT NULL,                      -- what we ask in return for each step
  -- confidential bundle: BATNA, minimum price, maximum discount, longest payment term, walk-away payment term
  confidential_enc TEXT CHARACTER SET ascii COLLATE ascii_bin NULL,
  confidential_kv SMALLINT UNSIGNED NULL,
  -- restricted bundle: minimum margin, walk-away margin
  restricted_enc VARCHAR(1024) CHARACTER SET ascii COLLATE ascii_bin NULL,
  restricted_kv SMALLINT UNSIGNED NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_plans_opp (opportunity_id, id),
  KEY ix_plans_conf_kv (confidential_kv),
  KEY ix_plans_restr_kv (restricted_kv),
  CONSTRAINT fk_plans_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_plans_user FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT ck_plans_ladder CHECK (ladder_step_bp BETWEEN 1 AND 10000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plan_participants (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  plan_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  side ENUM('ours','theirs') NOT NULL,
  user_id BIGINT UNSIGNED NULL,
  contact_id BIGINT UNSIGNED NULL,
  role VARCHAR(200) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY ix_plan_participants_plan (plan_id, position),
  CONSTRAINT fk_plan_participants_plan FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE CASCADE,
  CONSTRAINT fk_plan_participants_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_plan_participants_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One or two alternative offers (basic / upgraded) with pros and cons.
CREATE TABLE plan_offers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  plan_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  label VARCHAR(100) NOT NULL,
  description TEXT NOT NULL,
  pros TEXT NOT NULL,
  cons TEXT NOT NULL,
  price BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY ix_plan_offers_plan (plan_id, position),
  CONSTRAINT fk_plan_offers_plan FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The seed-000 form. Filed by customer – date – phase.
CREATE TABLE negotiations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  opportunity_id BIGINT UNSIGNED NULL,
  plan_id BIGINT UNSIGNED NULL,
  held_on DATE NOT NULL,
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  ended_at DATETIME NOT NULL,                     -- UTC; the 24-hour clock starts here
  place VARCHAR(200) NOT NULL DEFAULT '',
  our_participants TEXT NOT NULL,
  their_participants TEXT NOT NULL,               -- with titles
  type ENUM('first_contact','proposal','price','final','renewal') NOT NULL,
  phase ENUM('initial','middle','final') NOT NULL,
  status ENUM('follow_up','won','on_hold','lost') NOT NULL DEFAULT 'follow_up',
  review_strengths TEXT NOT NULL,
  review_improve TEXT NOT NULL,
  review_relationship TEXT NOT NULL,
  review_strategy TEXT NOT NULL,
  review_moments TEXT NOT NULL,
  completed_at DATETIME NULL,                     -- NULL = draft / not yet complete
  owner_id BIGINT UNSIGNED NOT NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_negotiations_customer (customer_id, held_on, phase, id),
  KEY ix_negotiations_owner (owner_id, completed_at, ended_at),
  KEY ix_negotiations_opp (opportunity_id, held_on),
  KEY ix_negotiations_held (held_on, id),
  CONSTRAINT fk_negotiations_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_negotiations_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT fk_negotiations_plan FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE SET NULL,
  CONSTRAINT fk_negotiations_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT ck_negotiations_times CHECK (end_time > start_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE negotiation_needs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  text VARCHAR(1000) NOT NULL,
  urgency ENUM('high','medium','low') NOT NULL,
  topic ENUM('price','delivery','payment','service','support','quality','function','other') NOT NULL DEFAULT 'other',
  PRIMARY KEY (id),
  KEY ix_negotiation_needs_neg (negotiation_id, position),
  CONSTRAINT fk_negotiation_needs_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Objections in the customer's own words; also the objection tracker (seed 004 template 3).
CREATE TABLE objections (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  quote VARCHAR(1000) NOT NULL,
  type ENUM('price','function','trust','decision') NOT NULL,
  response TEXT NOT NULL,
  result ENUM('resolved','partly','unresolved') NOT NULL DEFAULT 'unresolved',
  owner_id BIGINT UNSIGNED NULL,
  follow_up TEXT NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_objections_neg (negotiation_id, position),
  KEY ix_objections_customer (customer_id, type, result),
  KEY ix_objections_owner (owner_id, result),
  CONSTRAINT fk_objections_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE,
  CONSTRAINT fk_objections_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_objections_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE negotiation_proposals (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  text VARCHAR(1000) NOT NULL,
  need_position SMALLINT UNSIGNED NULL,           -- the need (by its position) this proposal answers
  PRIMARY KEY (id),
  KEY ix_negotiation_proposals_neg (negotiation_id, position),
  CONSTRAINT fk_negotiation_proposals_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Key terms: both positions and whether agreed; numbers where a plan limit can be checked.
CREATE TABLE negotiation_terms (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  term ENUM('price','delivery','payment','service','support','other') NOT NULL,
  ours VARCHAR(1000) NOT NULL,
  theirs VARCHAR(1000) NOT NULL,
  agreed TINYINT(1) NOT NULL DEFAULT 0,
  price BIGINT UNSIGNED NULL,                     -- proposed price, minor units
  discount_bp INT UNSIGNED NULL,
  payment_days INT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY ix_negotiation_terms_neg (negotiation_id, position),
  CONSTRAINT fk_negotiation_terms_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE negotiation_concessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  term ENUM('price','payment','service','delivery','other') NOT NULL,
  from_value VARCHAR(200) NOT NULL,
  to_value VARCHAR(200) NOT NULL,
  value BIGINT UNSIGNED NULL,                     -- money given, minor units
  discount_bp INT UNSIGNED NULL,                  -- this step, in basis points of the list price
  payment_days INT UNSIGNED NULL,
  counter VARCHAR(1000) NOT NULL,                 -- what we got in return
  PRIMARY KEY (id),
  KEY ix_negotiation_concessions_neg (negotiation_id, position),
  CONSTRAINT fk_negotiation_concessions_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Agreements (已达成共识) and unresolved disagreements (未解决分歧) with the reason.
CREATE TABLE negotiation_outcomes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  kind ENUM('agreed','open') NOT NULL,
  text VARCHAR(1000) NOT NULL,
  reason VARCHAR(1000) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY ix_negotiation_outcomes_neg (negotiation_id, kind, position),
  CONSTRAINT fk_negotiation_outcomes_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Next actions: what, an owner who is a user, a due date and a deliverable — never vague.
CREATE TABLE negotiation_actions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  what VARCHAR(1000) NOT NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  due_on DATE NOT NULL,
  deliverable VARCHAR(1000) NOT NULL,
  done_at DATETIME NULL,
  PRIMARY KEY (id),
  KEY ix_negotiation_actions_neg (negotiation_id, position),
  KEY ix_negotiation_actions_owner (owner_id, done_at, due_on),
  CONSTRAINT fk_negotiation_actions_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE,
  CONSTRAINT fk_negotiation_actions_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE negotiation_attitudes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  person VARCHAR(200) NOT NULL,
  observation VARCHAR(1000) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_negotiation_attitudes_neg (negotiation_id, position),
  CONSTRAINT fk_negotiation_attitudes_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Breaches of the plan's limits found when a record is saved, for the owner's manager. The kind is
-- public; the figures are not stored here (they are recomputed for readers of the plan's tiers).
CREATE TABLE negotiation_flags (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  negotiation_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('below_floor','discount_over_max','step_over_ladder','payment_over_limit','payment_over_trigger',
            'margin_below_minimum','no_counter','late') NOT NULL,
  source ENUM('term','concession','record') NOT NULL,
  source_position SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_negotiation_flags_neg (negotiation_id, kind),
  CONSTRAINT fk_negotiation_flags_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE satisfaction_surveys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  surveyed_on DATE NOT NULL,
  service_quality TINYINT UNSIGNED NOT NULL,
  solution_effect TINYINT UNSIGNED NOT NULL,
  response_speed TINYINT UNSIGNED NOT NULL,
  team_cooperation TINYINT UNSIGNED NOT NULL,
  overall ENUM('satisfied','average','dissatisfied') NOT NULL,
  suggestions TEXT NOT NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_satisfaction_customer (customer_id, surveyed_on),
  CONSTRAINT fk_satisfaction_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT fk_satisfaction_user FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT ck_satisfaction_scores CHECK (service_quality BETWEEN 1 AND 5 AND solution_effect BETWEEN 1 AND 5
    AND response_speed BETWEEN 1 AND 5 AND team_cooperation BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
