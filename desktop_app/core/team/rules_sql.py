"""The review rules, checked by the server on every write (``core.store.review`` in SQL).

The window and the CLI check the same rules first and say why in their own words; these
triggers make them hold for raw SQL from any member too:

* **Roles.** Approving and returning a document need the ``reviewer`` role (``admin`` includes
  it); so does any status change of an approved document (reopening it). Turning the four-eyes
  rule off needs ``admin``; ``audit_chain`` never changes. Inserting a document that is already
  approved (moving a reviewed corpus up) needs ``admin``.
* **Four-eyes.** Nobody approves a document they annotated — changed its annotations or fields
  or marked it annotated, by the same audit entries ``ReviewStore.document_annotators`` counts
  (and, from schema step 5, rows they inserted labelled as an import), plus the stamps of its
  entities and events; since the server writes both, the last to change a document is always
  among them. Approving changes nothing else in the same statement.
* **The lock.** An approved document's fields and annotations do not change (its flag may, and
  comments may be added); it must be reopened first. Rows of a document inserted in the same
  transaction by an ``admin`` importing a bundle (``annotator.importing``) are exempt: that is
  how an approved document arrives with its annotations.

Refusals raise ``P0001`` (a rule) or ``42501`` (a role) with the message the user sees.
"""

from __future__ import annotations

# The audit entries that make their actor an annotator: the same condition as
# ``core.store.review._ANNOTATING``, over jsonb instead of SQLite's json_extract.
ANNOTATING = """
    (a.table_name IN ('entities', 'mentions', 'events', 'arguments') AND a.action <> 'import')
    OR (a.table_name = 'documents' AND a.action = 'update' AND (
        (a."before" ->> 'metadata') IS DISTINCT FROM (a."after" ->> 'metadata')
        OR ((a."after" ->> 'status') = 'annotated'
            AND (a."before" ->> 'status') IN ('new', 'in_progress', 'returned'))))
"""

HELPERS = f"""
CREATE OR REPLACE FUNCTION team.has_role(role_name text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(session_user, role_name, 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION team.document_annotators(document text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH created AS (
        SELECT coalesce(max(a.seq), 0) AS seq FROM team.audit a
        WHERE a.table_name = 'documents' AND a.row_id = document
          AND a.action IN ('insert', 'import'))
    SELECT a.actor FROM team.audit a, created
        WHERE a.document_id = document AND a.seq >= created.seq AND ({ANNOTATING})
    UNION SELECT a.actor FROM team.imported_audit a
        WHERE a.document_id = document AND ({ANNOTATING})
    UNION SELECT created_by FROM team.entities WHERE document_id = document
    UNION SELECT updated_by FROM team.entities WHERE document_id = document
    UNION SELECT created_by FROM team.events WHERE document_id = document
    UNION SELECT updated_by FROM team.events WHERE document_id = document
    EXCEPT SELECT ''
$$;

CREATE OR REPLACE FUNCTION team.four_eyes() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT (SELECT value FROM team.meta WHERE key = 'four_eyes') IS DISTINCT FROM '0'
$$;

-- Whether the document is approved and so locked against the current change.
CREATE OR REPLACE FUNCTION team.locked(document text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM team.documents d
        WHERE d.id = document AND d.status = 'approved'
          AND NOT (current_setting('annotator.importing', true) = 'on'
                   AND team.has_role('admin')
                   AND d.xmin::text = (pg_current_xact_id()::text::numeric % 4294967296)::text))
$$;
"""

_LOCKED = "this document is approved and locked; reopen it to change it"
_FOUR_EYES = "four-eyes: you annotated this document; another reviewer must approve it"
# Columns a change of which is not a change of the document's content.
_NOT_CONTENT = "ARRAY['flag', 'created_by', 'created_at', 'updated_by', 'updated_at', 'version']"

DOCUMENT_RULES = f"""
CREATE OR REPLACE FUNCTION team.document_rules() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    other_changes boolean;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'approved' THEN RAISE EXCEPTION '{_LOCKED}'; END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'approved' AND NOT team.has_role('admin') THEN
            RAISE EXCEPTION 'only an admin may add a document that is already approved'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    other_changes := (to_jsonb(NEW) - {_NOT_CONTENT} - ARRAY['status', 'status_note'])
        IS DISTINCT FROM (to_jsonb(OLD) - {_NOT_CONTENT} - ARRAY['status', 'status_note']);
    IF OLD.status = 'approved' THEN
        IF NEW.status = 'approved' THEN
            IF other_changes OR NEW.status_note IS DISTINCT FROM OLD.status_note THEN
                RAISE EXCEPTION '{_LOCKED}';
            END IF;
        ELSE
            IF NOT team.has_role('reviewer') THEN
                RAISE EXCEPTION 'only a reviewer may reopen an approved document'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF other_changes THEN RAISE EXCEPTION '{_LOCKED}'; END IF;
        END IF;
    ELSIF NEW.status = 'approved' THEN
        IF NOT team.has_role('reviewer') THEN
            RAISE EXCEPTION 'only a reviewer may approve a document'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF other_changes THEN
            RAISE EXCEPTION 'approving a document changes nothing else: save the changes first';
        END IF;
        IF team.four_eyes() AND session_user::text IN (SELECT team.document_annotators(OLD.id))
        THEN
            RAISE EXCEPTION '{_FOUR_EYES}';
        END IF;
    ELSIF NEW.status = 'returned' AND NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT team.has_role('reviewer') THEN
            RAISE EXCEPTION 'only a reviewer may return a document'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF btrim(NEW.status_note) = '' THEN
            RAISE EXCEPTION 'say why the document is returned';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION team.annotation_lock() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    row_values jsonb;
    document text;
BEGIN
    FOREACH row_values IN ARRAY ARRAY[
        CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
        CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END]
    LOOP
        CONTINUE WHEN row_values IS NULL;
        document := CASE TG_TABLE_NAME
            WHEN 'arguments' THEN (SELECT e.document_id FROM team.events e
                                   WHERE e.id = row_values ->> 'event_id')
            ELSE row_values ->> 'document_id' END;
        IF team.locked(document) THEN RAISE EXCEPTION '{_LOCKED}'; END IF;
    END LOOP;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE OR REPLACE FUNCTION team.meta_rules() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    setting text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.key = 'audit_chain' OR NEW.key = 'audit_chain' THEN
        RAISE EXCEPTION 'the audit chain''s name never changes'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (setting = 'four_eyes' OR TG_OP = 'UPDATE' AND OLD.key = 'four_eyes')
       AND NOT team.has_role('admin') THEN
        RAISE EXCEPTION 'only an admin may change the four-eyes rule'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER review_rules BEFORE INSERT OR UPDATE OR DELETE ON team.documents
    FOR EACH ROW EXECUTE FUNCTION team.document_rules();
CREATE TRIGGER review_lock BEFORE INSERT OR UPDATE OR DELETE ON team.entities
    FOR EACH ROW EXECUTE FUNCTION team.annotation_lock();
CREATE TRIGGER review_lock BEFORE INSERT OR UPDATE OR DELETE ON team.mentions
    FOR EACH ROW EXECUTE FUNCTION team.annotation_lock();
CREATE TRIGGER review_lock BEFORE INSERT OR UPDATE OR DELETE ON team.events
    FOR EACH ROW EXECUTE FUNCTION team.annotation_lock();
CREATE TRIGGER review_lock BEFORE INSERT OR UPDATE OR DELETE ON team.arguments
    FOR EACH ROW EXECUTE FUNCTION team.annotation_lock();
CREATE TRIGGER review_rules BEFORE INSERT OR UPDATE OR DELETE ON team.meta
    FOR EACH ROW EXECUTE FUNCTION team.meta_rules();
"""

REVIEW_RULES = HELPERS + DOCUMENT_RULES

# On the server, rows a member inserts as an import count too: the label is the client's to
# set, and a mention or argument added to someone else's entity or event carries no stamp that
# would name its author. Bundle history (imported_audit) keeps the file's rule: its imports
# were counted where they were made.
_ANNOTATING_HERE = ANNOTATING.replace("AND a.action <> 'import'", "")

IMPORTS_ANNOTATE = f"""
CREATE OR REPLACE FUNCTION team.document_annotators(document text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH created AS (
        SELECT coalesce(max(a.seq), 0) AS seq FROM team.audit a
        WHERE a.table_name = 'documents' AND a.row_id = document
          AND a.action IN ('insert', 'import'))
    SELECT a.actor FROM team.audit a, created
        WHERE a.document_id = document AND a.seq >= created.seq AND ({_ANNOTATING_HERE})
    UNION SELECT a.actor FROM team.imported_audit a
        WHERE a.document_id = document AND ({ANNOTATING})
    UNION SELECT created_by FROM team.entities WHERE document_id = document
    UNION SELECT updated_by FROM team.entities WHERE document_id = document
    UNION SELECT created_by FROM team.events WHERE document_id = document
    UNION SELECT updated_by FROM team.events WHERE document_id = document
    EXCEPT SELECT ''
$$;
"""
