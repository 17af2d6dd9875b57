-- The role each audited act was done in, as the users table says at the moment of the insert:
-- a timeline shows who did what in the role they then held, not the role they hold today.
-- Filled by the database, not by the caller, so the app cannot write another role. Rows
-- written before this column have '' (their role at the time is not known).
ALTER TABLE audit_log ADD COLUMN user_role text NOT NULL DEFAULT '';

CREATE FUNCTION audit_log_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.user_role := coalesce((SELECT role FROM users WHERE id = NEW.user_id), '');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_role BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_role();
