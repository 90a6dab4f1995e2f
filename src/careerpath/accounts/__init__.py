"""Accounts and per-user data for the multi-user service, in a SQL database (``pip install 'careerpath[service]'``).

SQLite in ``$CAREERPATH_HOME`` by default, PostgreSQL through ``CAREERPATH_DATABASE_URL``; the schema is
owned by the Alembic migrations in ``careerpath.accounts.migrations``. No FastAPI here: the server and
the ``careerpath users`` command both use this package.
"""
