-- KPIs kept up to date (SPEC §5; the rules are in docs/kpi.md). The database keeps the sums itself:
-- triggers on the rows the figures are made of add a row's new contribution and take back its old one
-- in the same transaction as the write, whichever program makes it (pages, demo data, the scale
-- generator). Pages read kpi_hourly and never scan the records. `parley kpi verify` recomputes every
-- sum from the rows in C (src/domain/kpi.c) and compares.
--
-- Grain: one row per owner (the rep the figure belongs to) and UTC hour, so that a period in any
-- user's time zone with a whole-hour offset is a range of buckets. Teams and regions are their
-- members' sums (users.team_id / region_id as they are now).

-- Facts of a closing, fixed when the opportunity is closed (won or lost) and cleared on reopening.
ALTER TABLE opportunities
  ADD COLUMN closed_at DATETIME NULL AFTER lost_reason,          -- UTC; the closing's bucket
  ADD COLUMN cycle_days INT NULL AFTER closed_at,                -- won: whole days from the first record's end
  ADD COLUMN concessions_n INT UNSIGNED NULL AFTER cycle_days,   -- won: concessions in its records
  ADD KEY ix_opportunities_closed (closed_at);

-- Whose survey it is: the customer's owner when it was recorded.
ALTER TABLE satisfaction_surveys ADD COLUMN owner_id BIGINT UNSIGNED NULL AFTER customer_id;

-- Records ended less than 24 hours ago and not completed are not due yet: found through the first
-- index; the second finds the records of a period behind a figure (so do the keys below).
ALTER TABLE negotiations ADD KEY ix_negotiations_due (completed_at, ended_at), ADD KEY ix_negotiations_ended (ended_at);
ALTER TABLE satisfaction_surveys ADD KEY ix_satisfaction_surveyed (surveyed_on);

-- Every move of an open opportunity's expected close date (deal slippage).
CREATE TABLE opportunity_close_moves (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  from_date DATE NOT NULL,
  to_date DATE NOT NULL,
  moved_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_opportunity_close_moves_opp (opportunity_id, moved_at),
  KEY ix_opportunity_close_moves_owner (owner_id, moved_at),
  KEY ix_opportunity_close_moves_at (moved_at),
  CONSTRAINT fk_opportunity_close_moves_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE kpi_hourly (
  owner_id BIGINT UNSIGNED NOT NULL,
  bucket DATETIME NOT NULL,                       -- UTC, the start of the hour
  closed_n BIGINT NOT NULL DEFAULT 0,             -- opportunities closed (won + lost)
  won_n BIGINT NOT NULL DEFAULT 0,
  cycle_n BIGINT NOT NULL DEFAULT 0,              -- won with a record before: contract cycle
  cycle_days BIGINT NOT NULL DEFAULT 0,
  conc_n BIGINT NOT NULL DEFAULT 0,               -- concessions in the records of won deals
  disc_n BIGINT NOT NULL DEFAULT 0,               -- won with list price, initial quote and final price
  disc_given BIGINT NOT NULL DEFAULT 0,           -- Σ (initial quote − final price), minor units
  disc_list BIGINT NOT NULL DEFAULT 0,            -- Σ list price, minor units
  rec_n BIGINT NOT NULL DEFAULT 0,                -- negotiation records, by the negotiation's end
  rec_ontime_n BIGINT NOT NULL DEFAULT 0,         -- completed within 24 hours of the end
  slip_n BIGINT NOT NULL DEFAULT 0,               -- expected close moved
  slip_days BIGINT NOT NULL DEFAULT 0,            -- Σ days moved (later positive, earlier negative)
  srv_n BIGINT NOT NULL DEFAULT 0,                -- satisfaction surveys, by survey date
  srv_quality BIGINT NOT NULL DEFAULT 0,
  srv_effect BIGINT NOT NULL DEFAULT 0,
  srv_speed BIGINT NOT NULL DEFAULT 0,
  srv_team BIGINT NOT NULL DEFAULT 0,
  srv_satisfied BIGINT NOT NULL DEFAULT 0,
  obj_price BIGINT NOT NULL DEFAULT 0,            -- objections raised, by type, by the negotiation's end
  obj_function BIGINT NOT NULL DEFAULT 0,
  obj_trust BIGINT NOT NULL DEFAULT 0,
  obj_decision BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, bucket),
  KEY ix_kpi_hourly_bucket (bucket)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- The pipeline now: opportunities per owner and stage (the funnel).
CREATE TABLE kpi_stage (
  owner_id BIGINT UNSIGNED NOT NULL,
  stage TINYINT UNSIGNED NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, stage)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

DELIMITER //

CREATE PROCEDURE kpi_add_stage(IN p_owner BIGINT UNSIGNED, IN p_stage INT, IN p_sign INT)
BEGIN
  INSERT INTO kpi_stage (owner_id, stage, n) VALUES (p_owner, p_stage, p_sign)
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);
END//

CREATE PROCEDURE kpi_add_obj(IN p_owner BIGINT UNSIGNED, IN p_ended DATETIME, IN p_type VARCHAR(16), IN p_n BIGINT)
BEGIN
  IF p_owner IS NOT NULL AND p_n <> 0 AND p_type IN ('price', 'function', 'trust', 'decision') THEN
    INSERT INTO kpi_hourly (owner_id, bucket, obj_price, obj_function, obj_trust, obj_decision)
    VALUES (p_owner, DATE_FORMAT(p_ended, '%Y-%m-%d %H:00:00'), p_n * (p_type = 'price'), p_n * (p_type = 'function'),
            p_n * (p_type = 'trust'), p_n * (p_type = 'decision'))
    ON DUPLICATE KEY UPDATE obj_price = obj_price + VALUES(obj_price),
      obj_function = obj_function + VALUES(obj_function), obj_trust = obj_trust + VALUES(obj_trust),
      obj_decision = obj_decision + VALUES(obj_decision);
  END IF;
END//

-- A record's objections, moved with it when its owner or end changes (sign -1 takes them back).
CREATE PROCEDURE kpi_add_rec_objs(IN p_neg BIGINT UNSIGNED, IN p_owner BIGINT UNSIGNED, IN p_ended DATETIME, IN p_sign INT)
BEGIN
  DECLARE v_p, v_f, v_t, v_d BIGINT DEFAULT 0;
  SELECT IFNULL(SUM(type = 'price'), 0), IFNULL(SUM(type = 'function'), 0), IFNULL(SUM(type = 'trust'), 0),
         IFNULL(SUM(type = 'decision'), 0) INTO v_p, v_f, v_t, v_d
    FROM objections WHERE negotiation_id = p_neg;
  CALL kpi_add_obj(p_owner, p_ended, 'price', p_sign * v_p);
  CALL kpi_add_obj(p_owner, p_ended, 'function', p_sign * v_f);
  CALL kpi_add_obj(p_owner, p_ended, 'trust', p_sign * v_t);
  CALL kpi_add_obj(p_owner, p_ended, 'decision', p_sign * v_d);
END//

CREATE PROCEDURE kpi_add_opp(IN p_owner BIGINT UNSIGNED, IN p_status VARCHAR(16), IN p_closed DATETIME,
                             IN p_cycle INT, IN p_conc INT, IN p_list BIGINT UNSIGNED,
                             IN p_quote BIGINT UNSIGNED, IN p_final BIGINT UNSIGNED, IN p_sign INT)
BEGIN
  DECLARE v_won INT DEFAULT (p_status = 'won');
  DECLARE v_disc INT DEFAULT (p_status = 'won' AND p_list IS NOT NULL AND p_list > 0 AND p_quote IS NOT NULL
                              AND p_final IS NOT NULL);
  IF p_closed IS NOT NULL AND p_status IN ('won', 'lost') THEN
    INSERT INTO kpi_hourly (owner_id, bucket, closed_n, won_n, cycle_n, cycle_days, conc_n, disc_n, disc_given,
                            disc_list)
    VALUES (p_owner, DATE_FORMAT(p_closed, '%Y-%m-%d %H:00:00'), p_sign, p_sign * v_won,
            p_sign * (v_won AND p_cycle IS NOT NULL), p_sign * IF(v_won, IFNULL(p_cycle, 0), 0),
            p_sign * IF(v_won, IFNULL(p_conc, 0), 0), p_sign * v_disc,
            p_sign * IF(v_disc, CAST(p_quote AS SIGNED) - CAST(p_final AS SIGNED), 0),
            p_sign * IF(v_disc, CAST(p_list AS SIGNED), 0))
    ON DUPLICATE KEY UPDATE closed_n = closed_n + VALUES(closed_n), won_n = won_n + VALUES(won_n),
      cycle_n = cycle_n + VALUES(cycle_n), cycle_days = cycle_days + VALUES(cycle_days),
      conc_n = conc_n + VALUES(conc_n), disc_n = disc_n + VALUES(disc_n),
      disc_given = disc_given + VALUES(disc_given), disc_list = disc_list + VALUES(disc_list);
  END IF;
END//

CREATE PROCEDURE kpi_add_rec(IN p_owner BIGINT UNSIGNED, IN p_ended DATETIME, IN p_completed DATETIME, IN p_sign INT)
BEGIN
  INSERT INTO kpi_hourly (owner_id, bucket, rec_n, rec_ontime_n)
  VALUES (p_owner, DATE_FORMAT(p_ended, '%Y-%m-%d %H:00:00'), p_sign,
          p_sign * (p_completed IS NOT NULL AND p_completed <= p_ended + INTERVAL 24 HOUR))
  ON DUPLICATE KEY UPDATE rec_n = rec_n + VALUES(rec_n), rec_ontime_n = rec_ontime_n + VALUES(rec_ontime_n);
END//

-- A survey date counts at noon UTC of that day: the same calendar day for every zone within ±11 hours.
CREATE PROCEDURE kpi_add_srv(IN p_owner BIGINT UNSIGNED, IN p_on DATE, IN p_q INT, IN p_e INT, IN p_s INT, IN p_t INT,
                             IN p_overall VARCHAR(16), IN p_sign INT)
BEGIN
  IF p_owner IS NOT NULL THEN
    INSERT INTO kpi_hourly (owner_id, bucket, srv_n, srv_quality, srv_effect, srv_speed, srv_team, srv_satisfied)
    VALUES (p_owner, CAST(p_on AS DATETIME) + INTERVAL 12 HOUR, p_sign, p_sign * p_q, p_sign * p_e, p_sign * p_s,
            p_sign * p_t, p_sign * (p_overall = 'satisfied'))
    ON DUPLICATE KEY UPDATE srv_n = srv_n + VALUES(srv_n), srv_quality = srv_quality + VALUES(srv_quality),
      srv_effect = srv_effect + VALUES(srv_effect), srv_speed = srv_speed + VALUES(srv_speed),
      srv_team = srv_team + VALUES(srv_team), srv_satisfied = srv_satisfied + VALUES(srv_satisfied);
  END IF;
END//

-- The closing's facts: when, and for a win the cycle and the concessions made on the way.
CREATE TRIGGER tr_opportunities_close_ins BEFORE INSERT ON opportunities FOR EACH ROW
BEGIN
  IF NEW.status IN ('won', 'lost') THEN
    SET NEW.closed_at = IFNULL(NEW.closed_at, NEW.updated_at);
  ELSE
    SET NEW.closed_at = NULL;
  END IF;
  SET NEW.cycle_days = NULL, NEW.concessions_n = NULL;
  IF NEW.status = 'won' THEN
    SET NEW.concessions_n = 0;
  END IF;
END//

CREATE TRIGGER tr_opportunities_close_upd BEFORE UPDATE ON opportunities FOR EACH ROW
BEGIN
  IF NEW.status IN ('won', 'lost') THEN
    IF OLD.status NOT IN ('won', 'lost') OR OLD.closed_at IS NULL THEN
      SET NEW.closed_at = NEW.updated_at;
    END IF;
    IF NEW.status = 'won' AND OLD.status <> 'won' THEN
      SET NEW.cycle_days = (SELECT GREATEST(0, TIMESTAMPDIFF(DAY, MIN(n.ended_at), NEW.closed_at))
                            FROM negotiations n WHERE n.opportunity_id = NEW.id);
      SET NEW.concessions_n = (SELECT COUNT(*) FROM negotiation_concessions x
                               JOIN negotiations n ON n.id = x.negotiation_id WHERE n.opportunity_id = NEW.id);
    ELSEIF NEW.status = 'lost' THEN
      SET NEW.cycle_days = NULL, NEW.concessions_n = NULL;
    END IF;
  ELSE
    SET NEW.closed_at = NULL, NEW.cycle_days = NULL, NEW.concessions_n = NULL;
  END IF;
END//

CREATE TRIGGER tr_opportunities_kpi_ins AFTER INSERT ON opportunities FOR EACH ROW
BEGIN
  CALL kpi_add_stage(NEW.owner_id, NEW.stage, 1);
  CALL kpi_add_opp(NEW.owner_id, NEW.status, NEW.closed_at, NEW.cycle_days, NEW.concessions_n, NEW.list_price,
                   NEW.initial_quote, NEW.final_price, 1);
END//

CREATE TRIGGER tr_opportunities_kpi_upd AFTER UPDATE ON opportunities FOR EACH ROW
BEGIN
  IF NOT (OLD.owner_id <=> NEW.owner_id AND OLD.stage <=> NEW.stage) THEN
    CALL kpi_add_stage(OLD.owner_id, OLD.stage, -1);
    CALL kpi_add_stage(NEW.owner_id, NEW.stage, 1);
  END IF;
  IF NOT (OLD.owner_id <=> NEW.owner_id AND OLD.status <=> NEW.status AND OLD.closed_at <=> NEW.closed_at
          AND OLD.cycle_days <=> NEW.cycle_days AND OLD.concessions_n <=> NEW.concessions_n
          AND OLD.list_price <=> NEW.list_price AND OLD.initial_quote <=> NEW.initial_quote
          AND OLD.final_price <=> NEW.final_price) THEN
    CALL kpi_add_opp(OLD.owner_id, OLD.status, OLD.closed_at, OLD.cycle_days, OLD.concessions_n, OLD.list_price,
                     OLD.initial_quote, OLD.final_price, -1);
    CALL kpi_add_opp(NEW.owner_id, NEW.status, NEW.closed_at, NEW.cycle_days, NEW.concessions_n, NEW.list_price,
                     NEW.initial_quote, NEW.final_price, 1);
  END IF;
  IF OLD.status IN ('open', 'on_hold') AND OLD.expected_close IS NOT NULL AND NEW.expected_close IS NOT NULL
     AND OLD.expected_close <> NEW.expected_close THEN
    INSERT INTO opportunity_close_moves (opportunity_id, owner_id, from_date, to_date, moved_at)
    VALUES (NEW.id, NEW.owner_id, OLD.expected_close, NEW.expected_close, NEW.updated_at);
    INSERT INTO kpi_hourly (owner_id, bucket, slip_n, slip_days)
    VALUES (NEW.owner_id, DATE_FORMAT(NEW.updated_at, '%Y-%m-%d %H:00:00'), 1,
            DATEDIFF(NEW.expected_close, OLD.expected_close))
    ON DUPLICATE KEY UPDATE slip_n = slip_n + 1, slip_days = slip_days + VALUES(slip_days);
  END IF;
END//

CREATE TRIGGER tr_negotiations_kpi_ins AFTER INSERT ON negotiations FOR EACH ROW
BEGIN
  CALL kpi_add_rec(NEW.owner_id, NEW.ended_at, NEW.completed_at, 1);
END//

CREATE TRIGGER tr_negotiations_kpi_upd AFTER UPDATE ON negotiations FOR EACH ROW
BEGIN
  IF NOT (OLD.owner_id <=> NEW.owner_id AND OLD.ended_at <=> NEW.ended_at AND OLD.completed_at <=> NEW.completed_at) THEN
    CALL kpi_add_rec(OLD.owner_id, OLD.ended_at, OLD.completed_at, -1);
    CALL kpi_add_rec(NEW.owner_id, NEW.ended_at, NEW.completed_at, 1);
  END IF;
  IF NOT (OLD.owner_id <=> NEW.owner_id AND OLD.ended_at <=> NEW.ended_at) THEN
    CALL kpi_add_rec_objs(NEW.id, OLD.owner_id, OLD.ended_at, -1);
    CALL kpi_add_rec_objs(NEW.id, NEW.owner_id, NEW.ended_at, 1);
  END IF;
END//

-- Before the cascade removes its objections (a cascade fires no trigger).
CREATE TRIGGER tr_negotiations_kpi_predel BEFORE DELETE ON negotiations FOR EACH ROW
BEGIN
  CALL kpi_add_rec_objs(OLD.id, OLD.owner_id, OLD.ended_at, -1);
END//

CREATE TRIGGER tr_objections_kpi_ins AFTER INSERT ON objections FOR EACH ROW
BEGIN
  DECLARE v_owner BIGINT UNSIGNED;
  DECLARE v_ended DATETIME;
  SELECT owner_id, ended_at INTO v_owner, v_ended FROM negotiations WHERE id = NEW.negotiation_id;
  CALL kpi_add_obj(v_owner, v_ended, NEW.type, 1);
END//

CREATE TRIGGER tr_objections_kpi_upd AFTER UPDATE ON objections FOR EACH ROW
BEGIN
  DECLARE v_owner BIGINT UNSIGNED;
  DECLARE v_ended DATETIME;
  IF NOT (OLD.type <=> NEW.type AND OLD.negotiation_id <=> NEW.negotiation_id) THEN
    SELECT owner_id, ended_at INTO v_owner, v_ended FROM negotiations WHERE id = OLD.negotiation_id;
    CALL kpi_add_obj(v_owner, v_ended, OLD.type, -1);
    SELECT owner_id, ended_at INTO v_owner, v_ended FROM negotiations WHERE id = NEW.negotiation_id;
    CALL kpi_add_obj(v_owner, v_ended, NEW.type, 1);
  END IF;
END//

CREATE TRIGGER tr_objections_kpi_del AFTER DELETE ON objections FOR EACH ROW
BEGIN
  DECLARE v_owner BIGINT UNSIGNED;
  DECLARE v_ended DATETIME;
  SELECT owner_id, ended_at INTO v_owner, v_ended FROM negotiations WHERE id = OLD.negotiation_id;
  CALL kpi_add_obj(v_owner, v_ended, OLD.type, -1);
END//

CREATE TRIGGER tr_negotiations_kpi_del AFTER DELETE ON negotiations FOR EACH ROW
BEGIN
  CALL kpi_add_rec(OLD.owner_id, OLD.ended_at, OLD.completed_at, -1);
END//

CREATE TRIGGER tr_surveys_owner BEFORE INSERT ON satisfaction_surveys FOR EACH ROW
BEGIN
  IF NEW.owner_id IS NULL THEN
    SET NEW.owner_id = (SELECT owner_id FROM customers WHERE id = NEW.customer_id);
  END IF;
END//

CREATE TRIGGER tr_surveys_kpi_ins AFTER INSERT ON satisfaction_surveys FOR EACH ROW
BEGIN
  CALL kpi_add_srv(NEW.owner_id, NEW.surveyed_on, NEW.service_quality, NEW.solution_effect, NEW.response_speed,
                   NEW.team_cooperation, NEW.overall, 1);
END//

CREATE TRIGGER tr_surveys_kpi_upd AFTER UPDATE ON satisfaction_surveys FOR EACH ROW
BEGIN
  CALL kpi_add_srv(OLD.owner_id, OLD.surveyed_on, OLD.service_quality, OLD.solution_effect, OLD.response_speed,
                   OLD.team_cooperation, OLD.overall, -1);
  CALL kpi_add_srv(NEW.owner_id, NEW.surveyed_on, NEW.service_quality, NEW.solution_effect, NEW.response_speed,
                   NEW.team_cooperation, NEW.overall, 1);
END//

CREATE TRIGGER tr_surveys_kpi_del AFTER DELETE ON satisfaction_surveys FOR EACH ROW
BEGIN
  CALL kpi_add_srv(OLD.owner_id, OLD.surveyed_on, OLD.service_quality, OLD.solution_effect, OLD.response_speed,
                   OLD.team_cooperation, OLD.overall, -1);
END//

DELIMITER ;

-- Rows that existed before these triggers: their sums once; the updates below go through the triggers.
INSERT INTO kpi_hourly (owner_id, bucket, rec_n, rec_ontime_n)
  SELECT owner_id, DATE_FORMAT(ended_at, '%Y-%m-%d %H:00:00'), COUNT(*),
         SUM(completed_at IS NOT NULL AND completed_at <= ended_at + INTERVAL 24 HOUR)
  FROM negotiations GROUP BY owner_id, DATE_FORMAT(ended_at, '%Y-%m-%d %H:00:00');
INSERT INTO kpi_hourly (owner_id, bucket, obj_price, obj_function, obj_trust, obj_decision)
  SELECT n.owner_id, DATE_FORMAT(n.ended_at, '%Y-%m-%d %H:00:00'), SUM(x.type = 'price'), SUM(x.type = 'function'),
         SUM(x.type = 'trust'), SUM(x.type = 'decision')
  FROM objections x JOIN negotiations n ON n.id = x.negotiation_id
  GROUP BY n.owner_id, DATE_FORMAT(n.ended_at, '%Y-%m-%d %H:00:00')
  ON DUPLICATE KEY UPDATE obj_price = VALUES(obj_price), obj_function = VALUES(obj_function),
    obj_trust = VALUES(obj_trust), obj_decision = VALUES(obj_decision);
INSERT INTO kpi_stage (owner_id, stage, n) SELECT owner_id, stage, COUNT(*) FROM opportunities GROUP BY owner_id, stage;
UPDATE opportunities o SET o.closed_at = o.updated_at,
  o.cycle_days = IF(o.status = 'won', (SELECT GREATEST(0, TIMESTAMPDIFF(DAY, MIN(n.ended_at), o.updated_at))
                                       FROM negotiations n WHERE n.opportunity_id = o.id), NULL),
  o.concessions_n = IF(o.status = 'won', (SELECT COUNT(*) FROM negotiation_concessions x
                                          JOIN negotiations n ON n.id = x.negotiation_id
                                          WHERE n.opportunity_id = o.id), NULL)
  WHERE o.status IN ('won', 'lost');
UPDATE satisfaction_surveys s JOIN customers c ON c.id = s.customer_id SET s.owner_id = c.owner_id
  WHERE s.owner_id IS NULL;
