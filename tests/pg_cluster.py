"""A throwaway PostgreSQL cluster: started in a fresh temporary folder, stopped and removed at
the end. Used by the team-database tests (``conftest.py``) and the benchmark
(``benchmarks/bench_team.py``), which imports it by path.

The cluster listens only on a unix socket in its folder (no TCP port, so it never meets another
server). Its superuser ``postgres`` logs in over the socket without a password (``trust``, on
a socket only this machine's owner of the folder can reach); every other role must give its
password (``scram-sha-256``), as members of a real team server do.

The server refuses to run as root, so under root the cluster belongs to the ``postgres`` OS
user and ``initdb``/``pg_ctl`` run through ``runuser``. The binaries are looked up in
``$ANNOTATOR_PG_BINDIR``, then Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first),
then ``PATH``. Without them ``running_cluster`` raises ``ClusterUnavailable`` with the reason.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

SUPERUSER = "postgres"
MEMBERS = ("alice", "bob", "carol", "A", "B", "C", "tester")
"""Logins of the team databases the store's tests run on (admins: every action is theirs to
try; four-eyes still applies), each with the password ``member_password(name)``."""


def member_password(name: str) -> str:
    return f"secret of {name}"


_PORT = 5432  # only names the socket file (.s.PGSQL.5432) inside our private folder


class ClusterUnavailable(Exception):
    """No cluster can be started here (no server binaries, no ``postgres`` OS user)."""


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


@contextmanager
def running_cluster(*settings: str) -> Iterator[Cluster]:
    """A cluster started now and stopped (its folder removed) when the block ends; each of
    ``settings`` (``name=value``) is passed to the server as ``-c``."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise ClusterUnavailable(
            "initdb and pg_ctl were not found (install Debian's 'postgresql' package, or set "
            "ANNOTATOR_PG_BINDIR to the folder holding them)"
        )
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
            raise ClusterUnavailable(
                "running as root, and there is no 'postgres' OS user to run the server"
            ) from None
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
            + " ".join(f"-c {setting}" for setting in settings)
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
