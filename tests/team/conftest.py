"""A throwaway PostgreSQL cluster for the team-database tests.

One cluster per test session, in a fresh temporary folder, listening only on a unix socket in
that folder (no TCP port, so it never meets another server). Its superuser ``postgres`` logs in
over the socket without a password (``trust``, on a socket only this machine's owner of the
folder can reach); every other role must give its password (``scram-sha-256``), as members of
a real team server do. The cluster is stopped and its folder removed at the end.

The server refuses to run as root, so under root the cluster belongs to the ``postgres`` OS
user and ``initdb``/``pg_ctl`` run through ``runuser``. The binaries are looked up in
``$ANNOTATOR_PG_BINDIR``, then Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first),
then ``PATH``. Without them the tests are skipped with the reason — except in CI (``CI=true``),
where a missing server is a failure, not a skip.

Each test gets its own database (``team_database``) and its own role names (``member_name``),
since roles are shared by all databases of a cluster.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

SUPERUSER = "postgres"
_PORT = 5432  # only names the socket file (.s.PGSQL.5432) inside our private folder


def _bin_dir() -> Path | None:
    configured = os.environ.get("ANNOTATOR_PG_BINDIR")
    candidates = [Path(configured)] if configured else []
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: -int(p.name))]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: where its socket is, and URLs to reach it."""

    socket_dir: Path

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        credentials = quote(user, safe="")
        if password is not None:
            credentials += ":" + quote(password, safe="")
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{credentials}@/{database}?host={host}&port={_PORT}"

    def superuser(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable(
            "initdb and pg_ctl were not found (install Debian's 'postgresql' package, or set "
            "ANNOTATOR_PG_BINDIR to the folder holding them)"
        )
        raise AssertionError("unreachable")
    as_owner: list[str] = []
    # The socket's path must stay under ~100 bytes, and under root the postgres user must be
    # able to reach the folder: /tmp then, not a TMPDIR inside root's home.
    base = tempfile.gettempdir()
    if os.geteuid() == 0 or len(base) > 60:
        base = "/tmp"
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-", dir=base))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SUPERUSER)
        except KeyError:
            shutil.rmtree(root)
            _unavailable("running as root, and there is no 'postgres' OS user to run the server")
            raise AssertionError("unreachable") from None
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_owner = ["runuser", "-u", SUPERUSER, "--"]
    data, log = root / "data", root / "server.log"

    def run(*command: str) -> None:
        result = subprocess.run(
            [*as_owner, *command], capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{server_log}"
            )

    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--auth-local=trust",
            "--auth-host=reject",
            "--no-sync",
        )
        # Only the unix socket: the superuser without a password, every member with one.
        (data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\nlocal all all scram-sha-256\n", encoding="utf-8"
        )
        options = (
            f"-k {root} -c listen_addresses='' -p {_PORT} -c password_encryption=scram-sha-256 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield Cluster(socket_dir=root)
    finally:
        try:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def team_database(postgres_cluster: Cluster) -> Iterator[str]:
    """The name of a new, empty database, dropped after the test."""
    name = f"team_{uuid.uuid4().hex[:12]}"
    with postgres_cluster.superuser() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with postgres_cluster.superuser() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def member_name() -> Callable[[str], str]:
    """Unique role names per test (``alice`` → ``alice_3f2a…``): roles outlive a database."""
    suffix = uuid.uuid4().hex[:8]
    return lambda name: f"{name}_{suffix}"


@pytest.fixture
def team_url(postgres_cluster: Cluster, team_database: str) -> str:
    """The superuser's URL of a database that ``team init`` has set up."""
    from desktop_app.core.team.migrations import init_team_database

    url = postgres_cluster.url(team_database)
    init_team_database(url)
    return url


@pytest.fixture
def login(
    postgres_cluster: Cluster, team_database: str, team_url: str, member_name: Callable[[str], str]
) -> Iterator[Callable[[str, str], psycopg.Connection]]:
    """``login("alice", "reviewer")``: adds a member with that role to the team database and
    returns an autocommit connection logged in as them (with their password), like a member's
    own psql session. Its ``info.user`` is the member's unique login name."""
    from desktop_app.core.team.roles import add_member

    opened: list[psycopg.Connection] = []

    def log_in(name: str, role: str) -> psycopg.Connection:
        login_name, password = member_name(name), f"secret of {name}"
        with psycopg.connect(team_url) as admin, admin.transaction():
            add_member(admin, login_name, role, password)  # type: ignore[arg-type]
        conn = psycopg.connect(
            postgres_cluster.url(team_database, login_name, password), autocommit=True
        )
        conn.execute("SET search_path TO team")
        opened.append(conn)
        return conn

    yield log_in
    for conn in opened:
        conn.close()
