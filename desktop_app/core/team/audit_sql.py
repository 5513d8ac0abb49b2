"""The audit trail's machinery on the server: who wrote a row, and one chained entry per change.

Unlike the SQLite file, where the application supplies the actor and the time, here the server
does: every row's stamp (``created_by``/``updated_by``, their times) and every audit entry's
actor is ``session_user`` — the role that logged in — whatever the client wrote, and the version
of a changed row is the previous one plus one. The trigger functions run as the schema's owner
(``SECURITY DEFINER``) because members may only read ``audit``: they cannot insert, update,
delete or truncate it, so no member can write an entry except by changing a row. Statement
triggers refuse UPDATE, DELETE and TRUNCATE of the audit tables even to the owner (who could
drop them: the hash chain is what then shows it).

Entries are numbered 1, 2, 3 … without gaps and chained to the previous entry's hash, under a
transaction-long advisory lock that serialises writers (as SQLite's one writer does), so the
chain never forks. Writers must use READ COMMITTED (PostgreSQL's default): under a snapshot
taken before the lock, the next number would collide and the write is refused, never forked.
"""

from __future__ import annotations

from desktop_app.core.audit_chain import GENESIS_HASH
from desktop_app.core.team.tables_sql import ANNOTATED_TABLES, AUDITED_TABLES

AUDIT_LOCK = 0x616E6E6F74617465  # "annotate": one advisory lock per database, for the chain

# A document's text is never changed and can be megabytes: its content_hash stands for it, and
# its import report is written once with it (as in the SQLite file). rowid is not data.
_LEFT_OUT = """CASE TG_TABLE_NAME WHEN 'documents' THEN ARRAY['text', 'import_report', 'rowid']
                     ELSE ARRAY['rowid'] END"""

AUDIT_ROW = f"""
CREATE OR REPLACE FUNCTION team.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    left_out text[] := {_LEFT_OUT};
    before_row jsonb;
    after_row jsonb;
    row_values jsonb;
    entry_document text;
    entry_action text;
    entry_row text;
    entry_at text;
    last_seq bigint;
    last_hash text;
BEGIN
    IF TG_OP <> 'INSERT' THEN before_row := to_jsonb(OLD) - left_out; END IF;
    IF TG_OP <> 'DELETE' THEN after_row := to_jsonb(NEW) - left_out; END IF;
    IF TG_OP = 'UPDATE' AND before_row = after_row THEN RETURN NULL; END IF;
    row_values := coalesce(after_row, before_row);
    entry_document := CASE TG_TABLE_NAME
        WHEN 'meta' THEN NULL
        WHEN 'documents' THEN row_values ->> 'id'
        -- Arguments know their event; when the event is being deleted (cascade) their entity
        -- may still say, and when the whole document goes neither does: NULL then.
        WHEN 'arguments' THEN coalesce(
            (SELECT e.document_id FROM team.events e WHERE e.id = row_values ->> 'event_id'),
            (SELECT e.document_id FROM team.entities e WHERE e.id = row_values ->> 'entity_id'))
        ELSE row_values ->> 'document_id'
    END;
    entry_action := CASE TG_OP
        WHEN 'INSERT' THEN CASE WHEN current_setting('annotator.importing', true) = 'on'
                                THEN 'import' ELSE 'insert' END
        WHEN 'UPDATE' THEN 'update'
        ELSE 'delete'
    END;
    entry_row := row_values ->> CASE TG_TABLE_NAME WHEN 'meta' THEN 'key' ELSE 'id' END;
    PERFORM pg_advisory_xact_lock({AUDIT_LOCK});
    SELECT a.seq, a.hash INTO last_seq, last_hash FROM team.audit a ORDER BY a.seq DESC LIMIT 1;
    last_seq := coalesce(last_seq, 0) + 1;
    last_hash := coalesce(last_hash, '{GENESIS_HASH}');
    entry_at := team.utc_now();
    INSERT INTO team.audit (seq, at, actor, document_id, action, table_name, row_id,
                            "before", "after", prev_hash, hash)
    VALUES (last_seq, entry_at, session_user, entry_document, entry_action, TG_TABLE_NAME,
            entry_row, before_row, after_row, last_hash,
            team.entry_hash(last_hash, last_seq, entry_at, session_user, entry_document,
                            entry_action, TG_TABLE_NAME, entry_row, before_row, after_row));
    RETURN NULL;
END
$$;
"""

STAMP_ROW = """
CREATE OR REPLACE FUNCTION team.stamp_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_text text := team.utc_now();
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := session_user;
        NEW.created_at := now_text;
    ELSE
        NEW.created_by := OLD.created_by;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.updated_by := session_user;
    NEW.updated_at := now_text;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION team.stamp_resolution() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
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

# Bundle history is kept verbatim, but only if it is what it claims: an entry whose contents
# do not match its hash is refused; who imported it and when are the server's.
IMPORTED_ENTRY = """
CREATE OR REPLACE FUNCTION team.check_imported_entry() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.hash IS DISTINCT FROM team.entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor,
            NEW.document_id, NEW.action, NEW.table_name, NEW.row_id, NEW."before", NEW."after")
    THEN
        RAISE EXCEPTION 'imported audit entry % of chain %: its contents do not match its hash',
            NEW.seq, NEW.chain;
    END IF;
    NEW.imported_by := session_user;
    NEW.imported_at := team.utc_now();
    RETURN NEW;
END
$$;
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION team.refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only (% of % refused)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def _triggers() -> str:
    lines = []
    for table in AUDITED_TABLES:
        lines.append(
            f"CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON team.{table} "
            "FOR EACH ROW EXECUTE FUNCTION team.audit_row();"
        )
    for table in ANNOTATED_TABLES:
        lines.append(
            f"CREATE TRIGGER stamp_row BEFORE INSERT OR UPDATE ON team.{table} "
            "FOR EACH ROW EXECUTE FUNCTION team.stamp_row();"
        )
    lines.append(
        "CREATE TRIGGER stamp_resolution BEFORE INSERT OR UPDATE ON team.comments "
        "FOR EACH ROW EXECUTE FUNCTION team.stamp_resolution();"
    )
    lines.append(
        "CREATE TRIGGER check_imported_entry BEFORE INSERT ON team.imported_audit "
        "FOR EACH ROW EXECUTE FUNCTION team.check_imported_entry();"
    )
    for table in ("audit", "imported_audit"):
        lines.append(
            f"CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON team.{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION team.refuse_audit_change();"
        )
    return "\n".join(lines)


AUDIT_MACHINERY = AUDIT_ROW + STAMP_ROW + IMPORTED_ENTRY + APPEND_ONLY + _triggers()
