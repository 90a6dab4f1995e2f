"""Rate limits counted in the accounts database, so every worker process and every server instance on the
same database shares one count: ``--workers N`` no longer multiplies a limit.

A sliding-window counter: each key has a count per fixed window; a request is let through while
``previous window's count x the share of it still inside the last `window` seconds + this window's
count`` stays under the limit. One atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per key
(SQLite 3.35+ and PostgreSQL) counts the request; a refused request's transaction is rolled back, so
refusals do not extend the block. Keys (addresses, e-mails) are stored as SHA-256 digests only, and
rows are deleted once no window can read them.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy import insert as plain_insert
from sqlalchemy.exc import IntegrityError

from careerpath.accounts.models import RateCounter
from careerpath.errors import AccountError

CLEAN_EVERY = 200  # hits between deletions of expired rows (per limiter and process)


class DatabaseRateLimiter:
    """At most ``limit`` events per key in any ``window`` seconds, across processes; see the module docstring."""

    def __init__(
        self, engine: Engine, name: str, limit: int, window: float = 60.0, clock: Callable[[], float] = time.time
    ) -> None:
        self.engine, self.name, self.limit, self.window, self.clock = engine, name, limit, window, clock
        self._hits = 0

    def hit(self, *keys: str) -> None:
        """Count one event for each key; raise rate_limited (HTTP 429 with Retry-After) when one is over."""
        moment = self.clock()
        window = float(self.window)
        start = int(moment // window * window)
        elapsed = moment - start
        with self.engine.begin() as connection:  # an exception rolls every count of this hit back
            for key in keys:
                digest = hashlib.sha256(f"{self.name}:{key}".encode()).hexdigest()
                current = self._count(connection, digest, start, int(start + 2 * window + 1)) - 1
                previous = (
                    connection.scalar(
                        select(RateCounter.count).where(
                            RateCounter.key_hash == digest, RateCounter.window_start == int(start - window)
                        )
                    )
                    or 0
                )
                if previous * (1 - elapsed / window) + current >= self.limit:
                    retry = self._retry_after(previous, current, elapsed, window)
                    raise AccountError(
                        f"Too many requests; try again in {retry} seconds.",
                        code="rate_limited",
                        details={"retry_after": retry},
                    )
        self._hits += 1
        if self._hits % CLEAN_EVERY == 0:
            with self.engine.begin() as connection:
                connection.execute(delete(RateCounter).where(RateCounter.expires < int(moment)))

    def _count(self, connection: Connection, digest: str, start: int, expires: int) -> int:
        """Add one to the key's count in this window, atomically; return the new count."""
        dialect = connection.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
            statement = (
                insert(RateCounter)
                .values(key_hash=digest, window_start=start, count=1, expires=expires)
                .on_conflict_do_update(
                    index_elements=[RateCounter.key_hash, RateCounter.window_start],
                    set_={"count": RateCounter.count + 1},
                )
                .returning(RateCounter.count)
            )
            return int(connection.execute(statement).scalar_one())
        # Any other database: update, else insert (a racing insert of the same row retries the update).
        where = (RateCounter.key_hash == digest, RateCounter.window_start == start)
        for _attempt in range(2):
            if connection.execute(update(RateCounter).where(*where).values(count=RateCounter.count + 1)).rowcount:
                return int(connection.scalar(select(RateCounter.count).where(*where)) or 1)
            try:
                with connection.begin_nested():
                    connection.execute(
                        plain_insert(RateCounter).values(key_hash=digest, window_start=start, count=1, expires=expires)
                    )
                return 1
            except IntegrityError:
                continue
        raise RuntimeError("rate counter could not be updated")

    def _retry_after(self, previous: int, current: int, elapsed: float, window: float) -> int:
        """Whole seconds until the sliding estimate falls under the limit again."""
        limit = self.limit
        if current < limit:  # the previous window's tail is what blocks: wait for it to slide out
            wait = window * (1 - (limit - current) / previous) - elapsed
        else:  # this window is full: in the next one, its count slides out
            wait = (window - elapsed) + window * (1 - limit / current)
        return max(1, math.ceil(wait + 1e-9))
