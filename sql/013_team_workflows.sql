-- Team workflows (docs/team-workflows.md): the 24-hour internal answer loop and weekly team minutes.

-- An internal request: on a customer (and optionally one of its opportunities) a user asks a colleague
-- (a technical advisor, finance, legal …) who must answer within 24 hours of the round's start; the
-- requester confirms the answer or reopens the request with a reason, which starts a new round.
-- Visible to those who may see the customer, and to the responder.
CREATE TABLE internal_requests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  opportunity_id BIGINT UNSIGNED NULL,
  requester_id BIGINT UNSIGNED NOT NULL,
  responder_id BIGINT UNSIGNED NOT NULL,
  subject VARCHAR(200) NOT NULL,
  state ENUM('open','answered','confirmed') NOT NULL DEFAULT 'open',
  asked_at DATETIME NOT NULL,          -- start of the current round (raised or reopened)
  answer_due DATETIME NOT NULL,        -- asked_at + 24 hours
  answered_at DATETIME NULL,
  confirmed_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_internal_requests_responder (responder_id, state, answer_due),
  KEY ix_internal_requests_requester (requester_id, state, id),
  KEY ix_internal_requests_due (state, answer_due),
  KEY ix_internal_requests_customer (customer_id, id),
  KEY ix_internal_requests_opportunity (opportunity_id, id),
  CONSTRAINT fk_internal_requests_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT fk_internal_requests_opportunity FOREIGN KEY (opportunity_id) REFERENCES opportunities (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_internal_requests_requester FOREIGN KEY (requester_id) REFERENCES users (id),
  CONSTRAINT fk_internal_requests_responder FOREIGN KEY (responder_id) REFERENCES users (id),
  CONSTRAINT ck_internal_requests_people CHECK (requester_id <> responder_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The exchange: the question, each answer, each confirmation or reopening with its reason.
CREATE TABLE internal_request_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  request_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('ask','answer','confirm','reopen') NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  at DATETIME NOT NULL,
  body VARCHAR(2000) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_internal_request_messages_request (request_id, id),
  CONSTRAINT fk_internal_request_messages_request FOREIGN KEY (request_id) REFERENCES internal_requests (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_internal_request_messages_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Weekly team minutes: a team's meeting with its attendees, per customer (and opportunity) the topics
-- and decisions; a decision stays open until it is settled. Their actions are tasks (below).
CREATE TABLE minutes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  team_id BIGINT UNSIGNED NOT NULL,
  held_on DATE NOT NULL,
  attendees VARCHAR(500) NOT NULL,
  written_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_minutes_team (team_id, held_on, id),
  CONSTRAINT fk_minutes_team FOREIGN KEY (team_id) REFERENCES teams (id),
  CONSTRAINT fk_minutes_written_by FOREIGN KEY (written_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE minutes_topics (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  minutes_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  opportunity_id BIGINT UNSIGNED NULL,
  topic VARCHAR(1000) NOT NULL,
  decision VARCHAR(1000) NOT NULL,
  decision_open TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  KEY ix_minutes_topics_minutes (minutes_id, position),
  KEY ix_minutes_topics_customer (customer_id, id),
  KEY ix_minutes_topics_opportunity (opportunity_id, id),
  CONSTRAINT fk_minutes_topics_minutes FOREIGN KEY (minutes_id) REFERENCES minutes (id) ON DELETE CASCADE,
  CONSTRAINT fk_minutes_topics_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT fk_minutes_topics_opportunity FOREIGN KEY (opportunity_id) REFERENCES opportunities (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every task sits on a customer: a record's actions on the record's customer (filled in by the trigger,
-- so the writers of records need not know), a meeting's actions on the customer they were agreed for.
-- The task list reads the customer from the action itself, so a customer's tasks are one index range.
ALTER TABLE negotiation_actions
  MODIFY negotiation_id BIGINT UNSIGNED NULL,
  ADD COLUMN minutes_id BIGINT UNSIGNED NULL AFTER negotiation_id,
  ADD COLUMN customer_id BIGINT UNSIGNED NULL AFTER minutes_id,
  ADD KEY ix_negotiation_actions_minutes (minutes_id, position),
  ADD KEY ix_negotiation_actions_customer (customer_id, done_at, due_on),
  ADD CONSTRAINT fk_negotiation_actions_minutes FOREIGN KEY (minutes_id) REFERENCES minutes (id) ON DELETE CASCADE,
  ADD CONSTRAINT fk_negotiation_actions_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
    ON DELETE CASCADE,
  ADD CONSTRAINT ck_negotiation_actions_source CHECK ((negotiation_id IS NULL) <> (minutes_id IS NULL));

UPDATE negotiation_actions x JOIN negotiations n ON n.id = x.negotiation_id SET x.customer_id = n.customer_id
  WHERE x.customer_id IS NULL;

CREATE TRIGGER tr_negotiation_actions_customer BEFORE INSERT ON negotiation_actions FOR EACH ROW
  SET NEW.customer_id = IFNULL(NEW.customer_id, (SELECT n.customer_id FROM negotiations n WHERE n.id = NEW.negotiation_id));
