"""Undo on the server: a removed row put back as it was keeps its stamps.

The server stamps every inserted row with the login and the time (``audit_sql.STAMP_ROW``):
a member cannot claim someone else made a row. But undoing a deletion puts back the very row
that was removed — same id, made by whoever made it, when they did — and the documents list
and forms keep annotations in the order they were made, so a restored row stamped anew would
move to the end and name the wrong author. So an insert keeps the stamps it carries exactly
when they are those the row had when it was last deleted, as that deletion's audit entry
records them; any other insert is stamped by the server as before. The audit entry of the
restore still names who restored it.

The times of a stamp are the client's when they are within two seconds of the server's clock
(the row the window holds is then exactly the row stored), else the server's: nobody can date
a row earlier or later than it was written. Who wrote it is always the login.

Likewise an update that changes nothing but the version (an event whose argument was added or
put back: the store raises its owner's version so that views based on it notice) keeps the
row's "last changed by": the argument's own row and entry say who did it, as in the file.
An update that changes nothing at all leaves the row as it is, and so writes no audit entry.

Rows an admin imports from a bundle keep the bundle's stamps too (who made each annotation,
when), as an import into a file does; the bundle's history, kept beside the trail, is what
vouches for them, and the import itself is audited under the admin's login. Anyone else's
import is stamped with their login.
"""

from __future__ import annotations

RESTORE_KEEPS_STAMPS = """
CREATE INDEX audit_row ON team.audit(row_id, seq);

CREATE FUNCTION team.near_now(stamp text) RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT CASE WHEN stamp ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$'
        THEN abs(extract(epoch FROM clock_timestamp() - stamp::timestamptz)) <= 2
        ELSE false END
$$;

CREATE OR REPLACE FUNCTION team.stamp_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_text text := team.utc_now();
    removed jsonb;
    stamp text[] := ARRAY['version', 'updated_by', 'updated_at'];
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF current_setting('annotator.importing', true) = 'on' AND team.has_role('admin') THEN
            RETURN NEW;  -- an admin bringing in a bundle: its rows as the bundle has them
        END IF;
        SELECT a."before" INTO removed FROM team.audit a
        WHERE a.row_id = NEW.id AND a.table_name = TG_TABLE_NAME AND a.action = 'delete'
        ORDER BY a.seq DESC LIMIT 1;
        IF removed IS NOT NULL
           AND removed ->> 'created_by' = NEW.created_by
           AND removed ->> 'created_at' = NEW.created_at
           AND removed ->> 'updated_by' = NEW.updated_by
           AND removed ->> 'updated_at' = NEW.updated_at THEN
            RETURN NEW;  -- an undone removal: the row as it was
        END IF;
        NEW.created_by := session_user;
        NEW.created_at := CASE WHEN team.near_now(NEW.created_at) THEN NEW.created_at
                               ELSE now_text END;
    ELSE
        IF to_jsonb(NEW) = to_jsonb(OLD) THEN
            RETURN NEW;  -- changes nothing: no new version, no stamp, no audit entry
        END IF;
        NEW.created_by := OLD.created_by;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
        IF to_jsonb(NEW) - stamp = to_jsonb(OLD) - stamp THEN
            -- Only its version moved: a side effect of a change to another row (an argument
            -- of this event), which that row's own stamp and audit entry record.
            NEW.updated_by := OLD.updated_by;
            NEW.updated_at := OLD.updated_at;
            RETURN NEW;
        END IF;
    END IF;
    NEW.updated_by := session_user;
    NEW.updated_at := CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at
                           WHEN team.near_now(NEW.updated_at) THEN NEW.updated_at
                           ELSE now_text END;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION team.stamp_resolution() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' AND current_setting('annotator.importing', true) = 'on'
       AND team.has_role('admin') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.resolved IS DISTINCT FROM OLD.resolved THEN
        NEW.resolved_by := CASE WHEN NEW.resolved = 1 THEN session_user ELSE '' END;
        NEW.resolved_at := CASE WHEN NEW.resolved = 1 THEN team.utc_now() ELSE '' END;
    ELSE
        NEW.resolved_by := OLD.resolved_by;
        NEW.resolved_at := OLD.resolved_at;
    END IF;
    RETURN NEW;
END
$$;
"""
