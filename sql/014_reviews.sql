-- Win/loss reviews (docs/reviews.md): per opportunity, the team's written lessons, each must-achieve
-- goal of the plan marked met or not, and a manager's sign-off ("reviewed by") with comments. The rest of
-- a review (timeline, stances, plan vs actual, promises) is read from the records as they are.
CREATE TABLE opportunity_reviews (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  lessons TEXT NOT NULL,
  written_by BIGINT UNSIGNED NOT NULL,
  written_at DATETIME NOT NULL,
  reviewed_by BIGINT UNSIGNED NULL,
  reviewed_at DATETIME NULL,
  review_comment TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_opportunity_reviews_opp (opportunity_id),
  KEY ix_opportunity_reviews_reviewed (reviewed_at, id),
  CONSTRAINT fk_opportunity_reviews_opp FOREIGN KEY (opportunity_id) REFERENCES opportunities (id) ON DELETE CASCADE,
  CONSTRAINT fk_opportunity_reviews_writer FOREIGN KEY (written_by) REFERENCES users (id),
  CONSTRAINT fk_opportunity_reviews_reviewer FOREIGN KEY (reviewed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The plan's must-achieve goals as the review judged them (the goal's text is copied: plans change).
CREATE TABLE review_goals (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  review_id BIGINT UNSIGNED NOT NULL,
  position SMALLINT UNSIGNED NOT NULL,
  goal VARCHAR(1000) NOT NULL,
  verdict ENUM('met','partly','missed') NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_review_goals_pos (review_id, position),
  CONSTRAINT fk_review_goals_review FOREIGN KEY (review_id) REFERENCES opportunity_reviews (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
