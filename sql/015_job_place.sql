-- Where the owner of an export stood when its file was written (role, team, region): the file holds
-- what that place could see, so it is sent only while the owner still stands there. After a move
-- or a demotion the file is refused and a new export is written with the new rights.
ALTER TABLE jobs ADD COLUMN owner_place VARCHAR(64) NOT NULL DEFAULT '' AFTER tiered;
