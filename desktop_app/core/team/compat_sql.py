"""SQLite's functions that the store's SQL uses, defined in the team schema with SQLite's
meaning, so the same statements run on both engines (``sql_dialect`` renames the two whose
names PostgreSQL already uses: ``json`` and ``json_each``).

JSON paths are SQLite's: ``$.key``, ``$."any key"``, ``$.a.b``. Values come back as text (the
store compares them with strings and reads numbers from Python). All are ``IMMUTABLE``, so the
planner inlines them and indexes on them serve the documents list's sort and filter.
"""

from __future__ import annotations

COMPAT_FUNCTIONS = r"""
CREATE FUNCTION team.json_path(path text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN path LIKE '$."%' THEN ARRAY[(substr(path, 3))::jsonb #>> '{}']
                ELSE string_to_array(substr(path, 3), '.') END
$$;

CREATE FUNCTION team.json_extract(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT doc::jsonb #>> team.json_path(path) $$;

CREATE FUNCTION team.json_extract(doc jsonb, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT doc #>> team.json_path(path) $$;

CREATE FUNCTION team.sqlite_json(value text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT value::jsonb $$;

CREATE FUNCTION team.json_set(doc text, path text, value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_set(doc::jsonb, team.json_path(path), value, true)::text
$$;

CREATE FUNCTION team.json_remove(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (doc::jsonb #- team.json_path(path))::text $$;

CREATE FUNCTION team.instr(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(haystack, needle) $$;

CREATE FUNCTION team.sqlite_json_each(doc text) RETURNS TABLE (key text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT o.key, o.value FROM jsonb_each_text(
        CASE WHEN jsonb_typeof(doc::jsonb) = 'object' THEN doc::jsonb ELSE '{}'::jsonb END) o
    UNION ALL
    SELECT (a.n - 1)::text, a.value FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(doc::jsonb) = 'array' THEN doc::jsonb ELSE '[]'::jsonb END)
        WITH ORDINALITY AS a(value, n)
$$;

GRANT EXECUTE ON FUNCTION team.json_path(text), team.json_extract(text, text),
    team.json_extract(jsonb, text), team.sqlite_json(text), team.json_set(text, text, jsonb),
    team.json_remove(text, text), team.instr(text, text), team.sqlite_json_each(text)
    TO annotator;
"""
