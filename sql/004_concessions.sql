-- Concession requests and the approval chain (SPEC §4). The chain's approvers are fixed at filing
-- time from the requester's reporting line; separation of duties is enforced by the application
-- (src/domain/approval.c) and again here: CHECKs on the denormalised requester of each step, a unique
-- approver and a unique decider per chain version, and a trigger that refuses a decision recorded
-- for a request whose values have changed since the step was created.

-- The approval policy: the first row (by position) whose limits hold gives the number of levels
-- (0 none, 1 manager, 2 manager → director, 3 manager → director → vp). NULL limit = no limit.
CREATE TABLE approval_policy_rows (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  position SMALLINT UNSIGNED NOT NULL,
  max_discount_bp INT UNSIGNED NULL,              -- cumulative discount on the opportunity, basis points
  max_amount BIGINT UNSIGNED NULL,                -- cumulative concession amount, minor units (CNY fen)
  levels TINYINT UNSIGNED NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_approval_policy_rows_pos (position),
  CONSTRAINT fk_approval_policy_rows_user FOREIGN KEY (updated_by) REFERENCES users (id),
  CONSTRAINT ck_approval_policy_rows_levels CHECK (levels BETWEEN 0 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Rules outside the table: a payment term over the limit, or a breach of the plan (floor price,
-- walk-away trigger), needs at least breach_levels.
CREATE TABLE approval_policy_settings (
  id TINYINT UNSIGNED NOT NULL,
  payment_days_limit INT UNSIGNED NOT NULL,
  breach_levels TINYINT UNSIGNED NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_approval_policy_settings_user FOREIGN KEY (updated_by) REFERENCES users (id),
  CONSTRAINT ck_approval_policy_settings_one CHECK (id = 1),
  CONSTRAINT ck_approval_policy_settings_levels CHECK (breach_levels BETWEEN 0 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- SPEC §4's default table.
INSERT INTO approval_policy_rows (position, max_discount_bp, max_amount, levels, updated_at) VALUES
  (1, 500, 5000000, 0, UTC_TIMESTAMP()),
  (2, 1000, 50000000, 1, UTC_TIMESTAMP()),
  (3, 1500, 50000000, 2, UTC_TIMESTAMP()),
  (4, NULL, NULL, 3, UTC_TIMESTAMP());
INSERT INTO approval_policy_settings (id, payment_days_limit, breach_levels, updated_at) VALUES
  (1, 90, 3, UTC_TIMESTAMP());

CREATE TABLE concession_requests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,           -- the opportunity's; visibility goes through it
  negotiation_id BIGINT UNSIGNED NULL,            -- filed from a record
  requester_id BIGINT UNSIGNED NOT NULL,
  term ENUM('price','payment','service','delivery','other') NOT NULL,
  current_value VARCHAR(200) NOT NULL,
  requested_value VARCHAR(200) NOT NULL,
  currency CHAR(3) NOT NULL,
  list_price BIGINT UNSIGNED NULL,                -- snapshot at filing (minor units)
  amount BIGINT UNSIGNED NOT NULL DEFAULT 0,      -- money given by this concession (minor units)
  discount_bp INT UNSIGNED NOT NULL DEFAULT 0,    -- this concession, of the list price
  cumulative_bp INT UNSIGNED NOT NULL DEFAULT 0,  -- with the opportunity's earlier approved concessions
  cumulative_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  payment_days INT UNSIGNED NULL,                 -- requested payment term (term = 'payment')
  plan_id BIGINT UNSIGNED NULL,
  plan_breach TINYINT(1) NOT NULL DEFAULT 0,      -- below the floor / over a walk-away trigger
  justification TEXT NOT NULL,
  counter_concession TEXT NOT NULL,
  urgency ENUM('normal','green') NOT NULL DEFAULT 'normal',
  levels TINYINT UNSIGNED NOT NULL,               -- required by the policy at filing
  state ENUM('pending','approved','rejected','returned','withdrawn','not_required') NOT NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,        -- +1 on every change of the values: voids the chain
  review_after TINYINT(1) NOT NULL DEFAULT 0,     -- green channel: after-the-fact review
  reviewed_by BIGINT UNSIGNED NULL,
  reviewed_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  decided_at DATETIME NULL,
  PRIMARY KEY (id),
  KEY ix_concession_requests_opp (opportunity_id, state, id),
  KEY ix_concession_requests_customer (customer_id, id),
  KEY ix_concession_requests_requester (requester_id, state, id),
  KEY ix_concession_requests_neg (negotiation_id),
  CONSTRAINT fk_concession_requests_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT fk_concession_requests_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_concession_requests_neg FOREIGN KEY (negotiation_id) REFERENCES negotiations (id) ON DELETE SET NULL,
  CONSTRAINT fk_concession_requests_requester FOREIGN KEY (requester_id) REFERENCES users (id),
  CONSTRAINT fk_concession_requests_plan FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE SET NULL,
  CONSTRAINT ck_concession_requests_levels CHECK (levels BETWEEN 0 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per level of one version of a request's chain. A new version voids the old rows (state
-- 'void') and adds fresh ones. requester_id repeats the request's so that the CHECKs can see it.
CREATE TABLE approval_steps (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  request_id BIGINT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL,
  level TINYINT UNSIGNED NOT NULL,                -- 1 manager, 2 director, 3 vp (the slot, see approver_role)
  approver_id BIGINT UNSIGNED NOT NULL,           -- from the requester's reporting line at filing
  approver_role ENUM('manager','director','vp') NOT NULL,
  requester_id BIGINT UNSIGNED NOT NULL,
  state ENUM('waiting','pending','approved','rejected','returned','void','withdrawn') NOT NULL,
  pending_since DATETIME NULL,                    -- when it became this approver's to decide (24-hour clock)
  decided_by BIGINT UNSIGNED NULL,                -- the approver or their delegate
  on_behalf_of BIGINT UNSIGNED NULL,              -- the approver, when a delegate decided
  comment TEXT NOT NULL,
  decided_at DATETIME NULL,
  escalated_at DATETIME NULL,                     -- first seen overdue (shown to the next level up)
  PRIMARY KEY (id),
  UNIQUE KEY uq_approval_steps_level (request_id, version, level),
  UNIQUE KEY uq_approval_steps_approver (request_id, version, approver_id),
  UNIQUE KEY uq_approval_steps_decider (request_id, version, decided_by),
  KEY ix_approval_steps_approver (approver_id, state, pending_since),
  KEY ix_approval_steps_decider (decided_by, decided_at),
  CONSTRAINT fk_approval_steps_request FOREIGN KEY (request_id) REFERENCES concession_requests (id) ON DELETE CASCADE,
  CONSTRAINT fk_approval_steps_approver FOREIGN KEY (approver_id) REFERENCES users (id),
  CONSTRAINT fk_approval_steps_requester FOREIGN KEY (requester_id) REFERENCES users (id),
  CONSTRAINT fk_approval_steps_decider FOREIGN KEY (decided_by) REFERENCES users (id),
  CONSTRAINT fk_approval_steps_behalf FOREIGN KEY (on_behalf_of) REFERENCES users (id),
  CONSTRAINT ck_approval_steps_not_self CHECK (approver_id <> requester_id),
  CONSTRAINT ck_approval_steps_decider_not_self CHECK (decided_by IS NULL OR decided_by <> requester_id),
  CONSTRAINT ck_approval_steps_behalf CHECK (on_behalf_of IS NULL OR (on_behalf_of = approver_id
    AND decided_by <> on_behalf_of)),
  CONSTRAINT ck_approval_steps_decided CHECK ((state IN ('approved','rejected','returned')) =
    (decided_by IS NOT NULL AND decided_at IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The database's own guard: a decision must be for the request's current version, and the decider may
-- not be the requester nor hold (or have decided) another step of the same chain; the step's copy of
-- the requester stays the request's.
DELIMITER //
CREATE TRIGGER tr_approval_steps_decide BEFORE UPDATE ON approval_steps FOR EACH ROW
BEGIN
  IF NEW.requester_id <> OLD.requester_id
     OR NEW.requester_id <> (SELECT requester_id FROM concession_requests WHERE id = NEW.request_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval: requester does not match the request';
  END IF;
  IF NEW.decided_by IS NOT NULL AND (OLD.decided_by IS NULL OR NEW.decided_by <> OLD.decided_by) THEN
    IF (SELECT version FROM concession_requests WHERE id = NEW.request_id) <> NEW.version THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval: out-of-date version';
    END IF;
    IF EXISTS (SELECT 1 FROM approval_steps s WHERE s.request_id = NEW.request_id AND s.version = NEW.version
               AND s.id <> NEW.id AND (s.approver_id = NEW.decided_by OR s.decided_by = NEW.decided_by)) THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval: decider holds another step';
    END IF;
  END IF;
END//
-- The CHECKs above compare against the step's copy of the requester: the copy must be the request's,
-- and a request's requester never changes.
CREATE TRIGGER tr_approval_steps_requester BEFORE INSERT ON approval_steps FOR EACH ROW
BEGIN
  IF NOT (NEW.requester_id <=> (SELECT requester_id FROM concession_requests WHERE id = NEW.request_id)) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval: requester does not match the request';
  END IF;
END//
CREATE TRIGGER tr_concession_requests_requester BEFORE UPDATE ON concession_requests FOR EACH ROW
BEGIN
  IF NEW.requester_id <> OLD.requester_id THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval: the requester of a request cannot change';
  END IF;
END//
DELIMITER ;

-- An approver hands their approvals to a peer or their own manager for a date range (inclusive,
-- in the delegator's time zone).
CREATE TABLE approval_delegations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  delegator_id BIGINT UNSIGNED NOT NULL,
  delegate_id BIGINT UNSIGNED NOT NULL,
  starts_on DATE NOT NULL,
  ends_on DATE NOT NULL,
  created_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  PRIMARY KEY (id),
  KEY ix_approval_delegations_delegate (delegate_id, starts_on, ends_on),
  KEY ix_approval_delegations_delegator (delegator_id, starts_on, ends_on),
  CONSTRAINT fk_approval_delegations_delegator FOREIGN KEY (delegator_id) REFERENCES users (id),
  CONSTRAINT fk_approval_delegations_delegate FOREIGN KEY (delegate_id) REFERENCES users (id),
  CONSTRAINT ck_approval_delegations_other CHECK (delegator_id <> delegate_id),
  CONSTRAINT ck_approval_delegations_range CHECK (ends_on >= starts_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A concession in a record that needed approval names the approved request it carries out; a request
-- is carried out once (one row of one record), so one approval cannot cover several concessions.
ALTER TABLE negotiation_concessions
  ADD COLUMN request_id BIGINT UNSIGNED NULL AFTER counter,
  ADD UNIQUE KEY uq_negotiation_concessions_request (request_id),
  ADD CONSTRAINT fk_negotiation_concessions_request FOREIGN KEY (request_id) REFERENCES concession_requests (id);
