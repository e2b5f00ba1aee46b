"""Reachability of the production services (PostgreSQL, Redis) for the tests that use them.

Those tests run whenever the service answers on its standard local port (always in CI, which
starts both) and are skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG = {"host": "127.0.0.1", "port": 5432, "user": os.environ.get("GOVREPORTS_TEST_PGUSER", "postgres")}


def postgres_unreachable_reason() -> str | None:
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed (pip install -e '.[test]')"
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL not reachable on 127.0.0.1:5432 as {PG['user']}: {str(exc).strip()}"
    return None


def redis_unreachable_reason() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return "something answers on 127.0.0.1:6379 but it is not Redis"
    except OSError as exc:
        return f"Redis not reachable on 127.0.0.1:6379: {exc}"
    return None


@contextmanager
def scratch_database() -> Iterator[str]:
    """A PostgreSQL database of its own for one test, dropped afterwards; yields its name."""
    import psycopg2

    name = f"govreports_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'create database "{name}"')
    try:
        yield name
    finally:
        admin.cursor().execute(f'drop database if exists "{name}" with (force)')
        admin.close()


def query(database: str, sql: str) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(dbname=database, **PG) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()
