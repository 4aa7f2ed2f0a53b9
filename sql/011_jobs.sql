-- Background jobs (exports for now) and the runners that take them (`parley jobs`).
-- A runner claims a job with one UPDATE … ORDER BY id LIMIT 1 that sets a random lease token and a
-- lease expiry; InnoDB's row lock makes two runners on any host claim different jobs. The runner
-- renews the lease with every batch of rows (and writes its progress then); a job whose lease ran
-- out (its runner crashed or stopped) is claimed again and restarted from the beginning, so no job
-- stays "running" for ever. After max attempts it is marked failed.
CREATE TABLE jobs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  owner_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(32) NOT NULL,                       -- what to export: "records", "customers", …
  format ENUM('csv','xlsx') NOT NULL,
  params VARCHAR(1000) NOT NULL,                   -- the list's query string (its declared filters)
  lang VARCHAR(8) NOT NULL,                        -- headers in the language of whoever asked
  state ENUM('queued','running','done','failed','expired') NOT NULL DEFAULT 'queued',
  rows_total BIGINT UNSIGNED NOT NULL DEFAULT 0,
  rows_done BIGINT UNSIGNED NOT NULL DEFAULT 0,
  lease_token CHAR(32) NULL,
  lease_until DATETIME NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  file_key CHAR(32) NOT NULL,                      -- random part of the file's name on disk
  file_name VARCHAR(255) NOT NULL,                 -- the download name (user's language)
  file_path VARCHAR(128) NULL,                     -- under exports_dir, set when done
  file_size BIGINT UNSIGNED NULL,
  file_sha256 CHAR(64) NULL,
  tiered VARCHAR(255) NOT NULL DEFAULT '',         -- confidential/restricted columns the file holds
  error VARCHAR(255) NULL,
  created_at DATETIME NOT NULL,
  started_at DATETIME NULL,
  finished_at DATETIME NULL,
  expires_at DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_jobs_file_key (file_key),
  KEY ix_jobs_owner (owner_id, id),
  KEY ix_jobs_state (state, id),
  KEY ix_jobs_expires (state, expires_at),
  CONSTRAINT fk_jobs_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How long finished export files are kept (set by the administrator on /admin/exports).
CREATE TABLE export_settings (
  id TINYINT UNSIGNED NOT NULL,
  retention_days INT UNSIGNED NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT ck_export_settings_one CHECK (id = 1),
  CONSTRAINT ck_export_settings_days CHECK (retention_days BETWEEN 1 AND 365),
  CONSTRAINT fk_export_settings_user FOREIGN KEY (updated_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO export_settings (id, retention_days, updated_at) VALUES (1, 7, UTC_TIMESTAMP());
