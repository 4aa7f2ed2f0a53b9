-- Core: organisation, accounts, sessions, login throttling and the chained audit log.
-- Every table InnoDB, utf8mb4, with a primary key (Galera-ready: no reliance on gap-free ids).

CREATE TABLE regions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_regions_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE teams (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  region_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_teams_name (name),
  KEY ix_teams_region (region_id),
  CONSTRAINT fk_teams_region FOREIGN KEY (region_id) REFERENCES regions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  username VARCHAR(64) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  role ENUM('rep','manager','director','vp','executive','admin') NOT NULL,
  team_id BIGINT UNSIGNED NULL,
  region_id BIGINT UNSIGNED NULL,
  manager_id BIGINT UNSIGNED NULL,
  lang VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
  tz VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai',
  password_hash VARCHAR(255) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_users_username (username),
  KEY ix_users_team (team_id),
  KEY ix_users_region (region_id),
  KEY ix_users_manager (manager_id),
  CONSTRAINT fk_users_team FOREIGN KEY (team_id) REFERENCES teams (id),
  CONSTRAINT fk_users_region FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT fk_users_manager FOREIGN KEY (manager_id) REFERENCES users (id),
  CONSTRAINT ck_users_lang CHECK (lang IN ('zh-CN','en'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only the SHA-256 of the session token is stored: a database leak does not hand out sessions.
CREATE TABLE sessions (
  id_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  source_ip VARCHAR(64) NOT NULL DEFAULT '',
  user_agent VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (id_hash),
  KEY ix_sessions_user (user_id),
  KEY ix_sessions_seen (last_seen_at),
  CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed-login counters, keyed by a hash of "acct:<name>", "acctip:<name>|<ip>" or "ip:<ip>".
CREATE TABLE login_throttle (
  key_hash CHAR(64) NOT NULL,
  fails INT UNSIGNED NOT NULL,
  window_start DATETIME NOT NULL,
  locked_until DATETIME NULL,
  PRIMARY KEY (key_hash),
  KEY ix_login_throttle_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Append-only; each row's mac chains to the previous row's (key kept outside the database).
-- Ids are allocated from audit_head under a row lock, so the chain order is the id order.
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL,
  at DATETIME NOT NULL,
  actor_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  action VARCHAR(64) NOT NULL,
  entity VARCHAR(64) NOT NULL DEFAULT '',
  entity_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  source_ip VARCHAR(64) NOT NULL DEFAULT '',
  detail VARCHAR(2000) NOT NULL DEFAULT '',
  mac CHAR(64) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_audit_entity (entity, entity_id),
  KEY ix_audit_actor (actor_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_head (
  id TINYINT UNSIGNED NOT NULL,
  last_id BIGINT UNSIGNED NOT NULL,
  last_mac CHAR(64) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO audit_head (id, last_id, last_mac) VALUES (1, 0, '');
