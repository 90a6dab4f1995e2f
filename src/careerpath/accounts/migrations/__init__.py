"""Alembic migrations of the accounts database; applied on start by careerpath.accounts.db.migrate."""
