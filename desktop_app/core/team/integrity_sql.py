"""What the audit trail leaves out must not change unseen (schema step 6).

Audit entries leave out a document's text (it can be megabytes; ``content_hash`` stands for it)
and its import report, because the application writes both once, on import, and never again.
On the server that is a rule, not a habit: an UPDATE changing either is refused, so no member
can alter the text that mentions point into without a trace. Originals — the imported files'
bytes — are named by their SHA-256, and the server checks the name fits the bytes, so nobody
can put other bytes under a file's name.
"""

from __future__ import annotations

WRITTEN_ONCE = """
CREATE FUNCTION team.written_once() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text THEN
        RAISE EXCEPTION 'a document''s text never changes; import the new text as a new document';
    END IF;
    IF NEW.import_report IS DISTINCT FROM OLD.import_report THEN
        RAISE EXCEPTION 'a document''s import report is written once, when it is imported';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER written_once BEFORE UPDATE OF text, import_report ON team.documents
    FOR EACH ROW EXECUTE FUNCTION team.written_once();

ALTER TABLE team.originals ADD CONSTRAINT originals_named_by_content
    CHECK (hash = 'sha256:' || encode(sha256(data), 'hex') AND size = octet_length(data));
"""
