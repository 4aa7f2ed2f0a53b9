-- The audit log without a global lock: writers insert entries (auto-increment id, each with a MAC
-- of its own); the sealer links them into the HMAC chain in the order it finds them, numbering them
-- with a gap-free chain position (seq). audit_head now holds the last position and its chain MAC.
-- Entries written before this migration were chained in id order with the v1 MAC: their position
-- is their id, so the existing chain keeps verifying.
-- Reads of confidential values are one entry per user, row, field and 15-minute period with a count
-- (read_key identifies the open period; the sealer clears it when it seals the entry after
-- period_end).
ALTER TABLE audit_log
  MODIFY id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  MODIFY mac CHAR(64) NULL,
  ADD COLUMN format TINYINT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN seq BIGINT UNSIGNED NULL,
  ADD COLUMN entry_mac CHAR(64) NULL,
  ADD COLUMN count INT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN read_key CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN period_end DATETIME NULL;
UPDATE audit_log SET seq = id;
ALTER TABLE audit_log
  ALTER COLUMN format SET DEFAULT 2,
  ADD UNIQUE KEY uq_audit_seq (seq),
  ADD UNIQUE KEY uq_audit_read_key (read_key);
