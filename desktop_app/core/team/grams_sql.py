"""One- and two-character search on the team database, as the file has it (``search_index``).

Trigram indexes (``pg_trgm``) cannot answer a query shorter than three characters, and ``董事``
or ``股`` are ordinary searches in Chinese announcements: without an index of their own, such a
query reads every document's text. ``document_grams`` lists, per document, every non-ASCII
letter and every adjacent pair of letters or digits of which at least one is non-ASCII (title
and text), filled by a trigger as documents arrive, so such a query is one index lookup.

"Letter or digit" is decided by code point, not by the server's locale (whose classification
varies): ASCII letters and digits, and every non-ASCII character but spaces and punctuation in
the ranges where Python — the file's index — counts none as a letter (general punctuation,
CJK symbols and brackets, full-width punctuation). Any extra character indexed here only makes
the index a little larger: a two-character query still finds exactly the documents holding it.
"""

from __future__ import annotations

NOT_LETTERS = (
    (0x2000, 0x206F),
    (0x3000, 0x3004),
    (0x3008, 0x3011),
    (0x3014, 0x301F),
    (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
)
"""Non-ASCII ranges holding no character that Python's ``str.isalnum`` accepts (tested)."""

_EXCLUDED = " OR ".join(f"code BETWEEN {low} AND {high}" for low, high in NOT_LETTERS)

SHORT_SEARCH = f"""
CREATE FUNCTION team.gram_letter(code integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT code BETWEEN 48 AND 57 OR code BETWEEN 65 AND 90 OR code BETWEEN 97 AND 122
        OR (code > 127 AND NOT ({_EXCLUDED}))
$$;

CREATE FUNCTION team.search_grams(body text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH chars AS (
        SELECT c, n, team.gram_letter(ascii(c)) AS letter, ascii(c) > 127 AS wide
        FROM unnest(string_to_array(body, NULL)) WITH ORDINALITY AS t(c, n)
    ), pairs AS (
        SELECT c, letter, wide, lead(c) OVER w AS c2, lead(letter) OVER w AS letter2,
               lead(wide) OVER w AS wide2
        FROM chars WINDOW w AS (ORDER BY n)
    )
    SELECT DISTINCT gram FROM (
        SELECT c AS gram FROM pairs WHERE letter AND wide
        UNION ALL
        SELECT c || c2 FROM pairs WHERE letter AND letter2 AND (wide OR wide2)
    ) grams
$$;

CREATE TABLE team.document_grams (
    gram text NOT NULL,
    document bigint NOT NULL REFERENCES team.documents(rowid) ON DELETE CASCADE,
    PRIMARY KEY (gram, document)
);
CREATE INDEX document_grams_document ON team.document_grams(document);

CREATE FUNCTION team.index_grams() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.title IS NOT DISTINCT FROM OLD.title THEN RETURN NULL; END IF;
        DELETE FROM team.document_grams WHERE document = OLD.rowid;
    END IF;
    INSERT INTO team.document_grams (gram, document)
        SELECT g, NEW.rowid FROM team.search_grams(NEW.title || chr(10) || NEW.text) AS g
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER index_grams AFTER INSERT OR UPDATE OF title ON team.documents
    FOR EACH ROW EXECUTE FUNCTION team.index_grams();

INSERT INTO team.document_grams (gram, document)
    SELECT g, d.rowid FROM team.documents d, team.search_grams(d.title || chr(10) || d.text) AS g
    ON CONFLICT DO NOTHING;

GRANT SELECT ON team.document_grams TO annotator;
"""
