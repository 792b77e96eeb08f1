"""On PostgreSQL, the test databases are copies of one migrated template, made once per set of migrations.

Without it each pytest-xdist worker makes its test database by running every migration (about 50, each a few DDL
transactions): minutes of CI's PostgreSQL pass, the workers doing the same work side by side on the same server.
Here the first worker to arrive runs the migrations once into a template database, the others wait for it (an
advisory lock), and each worker's database is then made by Django as `CREATE DATABASE ... TEMPLATE` (a file copy,
about a second). The migrations still run, as `coproduce migrate` runs them, on every fresh server (CI's clone
included); the template's name carries a digest of every migration file and of Django's version, so a changed
migration makes a new template (and the old ones are dropped) and an unchanged one is reused on the next run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Any fixed number: the advisory lock that lets one worker build the template while the others wait.
LOCK_KEY = 7_345_116_021


def _migrations_digest() -> str:
    import django
    from django.apps import apps

    digest = hashlib.sha256(django.get_version().encode())
    for app_config in sorted(apps.get_app_configs(), key=lambda a: a.label):
        folder = Path(app_config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app_config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _url_for(database: str) -> str:
    """DATABASE_URL (what settings.py reads), pointing at another database of the same server."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + database))


def use_template(settings_dict: dict) -> None:
    """Make sure the template for these migrations exists; Django's test database creation then copies it."""
    import psycopg

    if not os.environ.get("DATABASE_URL"):
        return  # settings.py reads PostgreSQL's address from there only; the migrating process needs it too.
    prefix = f"test_{settings_dict['NAME']}_template_"
    template = prefix + _migrations_digest()
    building = template + "_building"
    with psycopg.connect(
        dbname="postgres",
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
    ) as maintenance:
        # Held until this connection closes: a worker that arrives while another builds waits here.
        maintenance.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        exists = maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not exists:
            # Built under another name and renamed when complete: a build cut short is never taken as a template.
            maintenance.execute(f'DROP DATABASE IF EXISTS "{building}"')
            maintenance.execute(f'CREATE DATABASE "{building}"')
            subprocess.run(
                [sys.executable, "-m", "django", "migrate", "--noinput", "--run-syncdb", "--verbosity", "0"],
                check=True,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "coproduce.settings"),
                    "DATABASE_URL": _url_for(building),
                    # As for the test databases (tests/conftest.py): a throw-away database needs no durable commits.
                    "PGOPTIONS": (os.environ.get("PGOPTIONS", "") + " -c synchronous_commit=off").strip(),
                },
            )
            maintenance.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            # Templates of older migrations are dropped (one in use by another run is left for later).
            stale = maintenance.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s", [prefix, template]
            ).fetchall()
            for (name,) in stale:
                try:
                    maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
                except psycopg.Error:
                    pass
    settings_dict.setdefault("TEST", {})["TEMPLATE"] = template
