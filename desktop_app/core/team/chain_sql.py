"""The audit hash chain computed inside PostgreSQL, byte for byte as ``core.audit_chain`` does.

``entry_hash`` of ``audit_chain`` hashes a canonical JSON array (sorted keys, no whitespace,
ASCII only with ``\\uXXXX`` escapes); the server must produce exactly those bytes so that the
entries its triggers write verify with the same Python code as the SQLite file's. PostgreSQL's
own ``jsonb`` text is not canonical (keys ordered by length, spaces after separators), so the
serialisation is written out here: ``team.json_string`` (one JSON string), ``team.canonical_json``
(any ``jsonb`` value) and ``team.entry_hash`` (the whole message, SHA-256 in hex).
"""

from __future__ import annotations

from desktop_app.core.audit_chain import HASH_FORMAT

# Characters U+0020–U+007E stand for themselves (but " and \); five controls have short
# escapes; everything else is \uXXXX in lowercase hex, above U+FFFF as a surrogate pair. The
# all-printable-ASCII case (most ids, names and stamps) skips the per-character walk.
JSON_STRING = r"""
CREATE OR REPLACE FUNCTION team.json_string(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[\x20-\x7e]*$'
        THEN '"' || replace(replace(value, '\', '\\'), '"', '\"') || '"'
        ELSE '"' || (
            SELECT string_agg(
                CASE
                    WHEN c = '"' THEN '\"'
                    WHEN c = '\' THEN '\\'
                    WHEN ascii(c) BETWEEN 32 AND 126 THEN c
                    WHEN ascii(c) = 8 THEN '\b'
                    WHEN ascii(c) = 9 THEN '\t'
                    WHEN ascii(c) = 10 THEN '\n'
                    WHEN ascii(c) = 12 THEN '\f'
                    WHEN ascii(c) = 13 THEN '\r'
                    WHEN ascii(c) < 65536 THEN '\u' || lpad(to_hex(ascii(c)), 4, '0')
                    ELSE '\u' || to_hex(55296 + ((ascii(c) - 65536) >> 10))
                        || '\u' || to_hex(56320 + ((ascii(c) - 65536) & 1023))
                END, '' ORDER BY n)
            FROM regexp_split_to_table(value, '') WITH ORDINALITY AS t(c, n)
        ) || '"'
    END
$$;
"""

# Keys in code-point order: for UTF-8 text the "C" collation's byte order is exactly that.
CANONICAL_JSON = r"""
CREATE OR REPLACE FUNCTION team.canonical_json(value jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    CASE jsonb_typeof(value)
        WHEN 'object' THEN
            RETURN '{' || coalesce((
                SELECT string_agg(team.json_string(e.key) || ':' || team.canonical_json(e.value),
                                  ',' ORDER BY e.key COLLATE "C")
                FROM jsonb_each(value) AS e), '') || '}';
        WHEN 'array' THEN
            RETURN '[' || coalesce((
                SELECT string_agg(team.canonical_json(e.value), ',' ORDER BY e.n)
                FROM jsonb_array_elements(value) WITH ORDINALITY AS e(value, n)), '') || ']';
        WHEN 'string' THEN
            RETURN team.json_string(value #>> '{}');
        ELSE
            RETURN coalesce(value::text, 'null');  -- numbers, true/false, JSON or SQL null
    END CASE;
END
$$;
"""

ENTRY_HASH = f"""
CREATE OR REPLACE FUNCTION team.entry_hash(
    prev_hash text, seq bigint, at text, actor text, document_id text, action text,
    table_name text, row_id text, before jsonb, after jsonb
) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(
        '[' || team.json_string('{HASH_FORMAT}')
        || ',' || team.json_string(prev_hash)
        || ',' || seq::text
        || ',' || team.json_string(at)
        || ',' || team.json_string(actor)
        || ',' || coalesce(team.json_string(document_id), 'null')
        || ',' || team.json_string(action)
        || ',' || team.json_string(table_name)
        || ',' || team.json_string(row_id)
        || ',' || team.canonical_json(before)
        || ',' || team.canonical_json(after) || ']',
        'UTF8')), 'hex')
$$;
"""

UTC_NOW = """
CREATE OR REPLACE FUNCTION team.utc_now() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
"""
"""The time as the SQLite store writes it: ISO 8601, milliseconds, UTC as ``Z``."""

CHAIN_FUNCTIONS = JSON_STRING + CANONICAL_JSON + ENTRY_HASH + UTC_NOW

# The same bytes with far fewer function calls (schema step 8). PostgreSQL's own JSON output
# (``to_json``, ``jsonb`` text) already escapes exactly as Python does for ASCII — ``\"``, ``\\``,
# the five short forms, other controls as lowercase ``\u00XX`` — and leaves every other character
# as it is. Those characters can only stand inside strings, so the message is assembled from
# PostgreSQL's output and ``team.ascii_json`` escapes what is left, once per entry, and only
# when there is any (one regular-expression test otherwise).
ASCII_JSON = r"""
CREATE OR REPLACE FUNCTION team.ascii_json(json_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN json_text !~ '[^\x01-\x7e]' THEN json_text ELSE (
        -- Runs of ASCII as they are, each run of other characters escaped one by one.
        SELECT string_agg(r.m[1] || coalesce((
            SELECT string_agg(
                CASE
                    WHEN ascii(c) < 65536 THEN '\u' || lpad(to_hex(ascii(c)), 4, '0')
                    ELSE '\u' || to_hex(55296 + ((ascii(c) - 65536) >> 10))
                        || '\u' || to_hex(56320 + ((ascii(c) - 65536) & 1023))
                END, '' ORDER BY t.n)
            FROM regexp_split_to_table(r.m[2], '') WITH ORDINALITY AS t(c, n)
            WHERE t.c <> ''), ''),
            '' ORDER BY r.ord)
        FROM regexp_matches(json_text, '([\x01-\x7e]*)([^\x01-\x7e]*)', 'g')
            WITH ORDINALITY AS r(m, ord))
    END
$$;

CREATE OR REPLACE FUNCTION team.unescaped_json(value jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    CASE jsonb_typeof(value)
        WHEN 'object' THEN
            RETURN '{' || coalesce((
                SELECT string_agg(to_json(e.key)::text || ':' || CASE jsonb_typeof(e.value)
                        WHEN 'object' THEN team.unescaped_json(e.value)
                        WHEN 'array' THEN team.unescaped_json(e.value)
                        ELSE e.value::text END,
                    ',' ORDER BY e.key COLLATE "C")
                FROM jsonb_each(value) AS e), '') || '}';
        WHEN 'array' THEN
            RETURN '[' || coalesce((
                SELECT string_agg(team.unescaped_json(e.value), ',' ORDER BY e.n)
                FROM jsonb_array_elements(value) WITH ORDINALITY AS e(value, n)), '') || ']';
        ELSE
            RETURN coalesce(value::text, 'null');
    END CASE;
END
$$;

CREATE OR REPLACE FUNCTION team.json_string(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT team.ascii_json(to_json(value)::text)
$$;

CREATE OR REPLACE FUNCTION team.canonical_json(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT team.ascii_json(team.unescaped_json(value))
$$;
"""

FEWER_CALLS_ENTRY_HASH = (
    ASCII_JSON
    + f"""
CREATE OR REPLACE FUNCTION team.entry_hash(
    prev_hash text, seq bigint, at text, actor text, document_id text, action text,
    table_name text, row_id text, before jsonb, after jsonb
) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(team.ascii_json(
        '[' || to_json('{HASH_FORMAT}'::text)::text
        || ',' || to_json(prev_hash)::text
        || ',' || seq::text
        || ',' || to_json(at)::text
        || ',' || to_json(actor)::text
        || ',' || coalesce(to_json(document_id)::text, 'null')
        || ',' || to_json(action)::text
        || ',' || to_json(table_name)::text
        || ',' || to_json(row_id)::text
        || ',' || team.unescaped_json(before)
        || ',' || team.unescaped_json(after) || ']'),
        'UTF8')), 'hex')
$$;
"""
)
