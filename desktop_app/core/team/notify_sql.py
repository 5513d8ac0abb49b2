"""Change notifications: every audit entry, once committed, is announced on a channel.

Windows on a team database LISTEN on ``annotator_changes`` and get, within moments of another
member's commit, the entry's number, document, table, row and actor — enough to reload exactly
what changed (``audit`` rows after the last number seen, as the SQLite file's windows do when
they poll). PostgreSQL delivers notifications only on commit (a rolled-back change announces
nothing) and in commit order, and each database has its own channels.
"""

from __future__ import annotations

CHANNEL = "annotator_changes"

NOTIFY = f"""
CREATE FUNCTION team.notify_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', json_build_object(
        'seq', NEW.seq, 'document_id', NEW.document_id, 'table_name', NEW.table_name,
        'row_id', NEW.row_id, 'action', NEW.action, 'actor', NEW.actor)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER notify_change AFTER INSERT ON team.audit
    FOR EACH ROW EXECUTE FUNCTION team.notify_change();
"""
