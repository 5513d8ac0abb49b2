"""Undo on the server: a removed row put back as it was keeps its stamps.

The server stamps every inserted row with the login and the time (``audit_sql.STAMP_ROW``):
a member cannot claim someone else made a row. But undoing a deletion puts back the very row
that was removed — same id, made by whoever made it, when they did — and the documents list
and forms keep annotations in the order they were made, so a restored row stamped anew would
move to the end and name the wrong author. So an insert keeps the stamps it carries exactly
when they are those the row had when it was last deleted, as that deletion's audit entry
records them; any other insert is stamped by the server as before. The audit entry of the
restore still names who restored it.

Likewise an update that changes nothing but the version (an event whose argument was added or
put back: the store raises its owner's version so that views based on it notice) keeps the
row's "last changed by": the argument's own row and entry say who did it, as in the file.
"""

from __future__ import annotations

RESTORE_KEEPS_STAMPS = """
CREATE INDEX audit_row ON team.audit(row_id, seq);

CREATE OR REPLACE FUNCTION team.stamp_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_text text := team.utc_now();
    removed jsonb;
    stamp text[] := ARRAY['version', 'updated_by', 'updated_at'];
BEGIN
    IF TG_OP = 'INSERT' THEN
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
        NEW.created_at := now_text;
    ELSE
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
    NEW.updated_at := now_text;
    RETURN NEW;
END
$$;
"""
