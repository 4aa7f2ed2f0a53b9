-- Deal teams (SPEC §6, seed 003): an opportunity carries the people working on it, each with a RACI
-- letter and a function; exactly one A (accountable). A member from outside the owner's reporting line
-- sees the customer and its opportunities at the internal tier: VIS_SQL probes this table by customer
-- and user (customer_id is the opportunity's, kept here so that the probe is one index read).
-- Users carry a function besides their role (technical advisor, finance, legal …).
ALTER TABLE users
  ADD COLUMN function ENUM('none','sales','technical','finance','legal','delivery','product') NOT NULL DEFAULT 'none'
  AFTER role;

CREATE TABLE deal_team (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  raci ENUM('R','A','C','I') NOT NULL,
  function ENUM('none','sales','technical','finance','legal','delivery','product') NOT NULL DEFAULT 'none',
  -- 1 for the accountable member, NULL otherwise: at most one A per opportunity
  accountable TINYINT AS (IF(raci = 'A', 1, NULL)) PERSISTENT,
  added_by BIGINT UNSIGNED NOT NULL,
  added_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_deal_team_member (opportunity_id, user_id),
  UNIQUE KEY uq_deal_team_accountable (opportunity_id, accountable),
  KEY ix_deal_team_customer_user (customer_id, user_id),
  KEY ix_deal_team_user (user_id, opportunity_id),
  CONSTRAINT fk_deal_team_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_deal_team_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT fk_deal_team_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_deal_team_added_by FOREIGN KEY (added_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
