"""The team database: the annotation store on a PostgreSQL server, shared by a team.

The server enforces what the single-user SQLite file can only trust its client for: who wrote
what (the login, ``session_user``), an append-only hash-chained audit trail written by
triggers, four-eyes approval, the lock on approved documents and who may change a status. This
package holds its schema steps (``migrations``), the SQL of those rules (``*_sql``), its roles
and members (``roles``) and reading and verifying its audit trail (``audit_trail``). No Qt.
"""
