-- The role each audited act was done in: a timeline shows who did what in the role they then
-- held, not the role they hold today. The database fills it from the users table at insert;
-- a role the caller writes is ignored. Rows written before this column have '' (their role
-- at the time is not known). search_path is fixed so that no session's temporary table can
-- stand in for users.
ALTER TABLE audit_log ADD COLUMN user_role text NOT NULL DEFAULT '';

CREATE FUNCTION audit_log_role() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, public AS $$
BEGIN
    NEW.user_role := coalesce((SELECT role FROM public.users WHERE id = NEW.user_id), '');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_role BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_role();
