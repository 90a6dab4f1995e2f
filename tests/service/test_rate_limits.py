"""Rate limits live in the database: two servers (or worker processes) on one database share one count."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from careerpath.accounts.db import make_engine
from careerpath.accounts.limits import CLEAN_EVERY, DatabaseRateLimiter
from careerpath.accounts.models import RateCounter
from careerpath.errors import AccountError
from careerpath.server.app import create_app

WRONG = {"email": "alice@example.org", "password": "not the password"}


def _second_instance(service: Any) -> Any:
    """Another app on the same database and settings: what a second worker process or server is."""
    return create_app(service.app.state.navigator, service.settings)


def _database_url(service: Any) -> str:
    return service.store.engine.url.render_as_string(hide_password=False)


def test_the_log_in_limit_holds_across_two_app_instances(service: Any) -> None:
    other = _second_instance(service)
    try:
        for app in (service.app, other):
            app.state.auth_limiter.limit = 4
            app.state.auth_limiter.window = 3600  # however slow the machine, every attempt falls in one window
        first, second = TestClient(service.app), TestClient(other)
        statuses = [(first if i % 2 else second).post("/auth/login", json=WRONG).status_code for i in range(4)]
        assert statuses == [401] * 4  # wrong password: counted, not yet limited
        for client in (first, second):  # each instance alone saw only two attempts, and still refuses
            refused = client.post("/auth/login", json=WRONG)
            assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
            assert refused.json()["error"]["code"] == "rate_limited"
    finally:
        other.state.store.engine.dispose()


def test_concurrent_hits_from_separate_engines_never_exceed_the_limit(service: Any) -> None:
    """Eight threads on two engines (two connection pools, as two processes have) race for ten slots."""
    url = _database_url(service)
    engines = [make_engine(url), make_engine(url)]
    limiters = [DatabaseRateLimiter(engine, "race", limit=10, window=3600) for engine in engines]
    allowed, refused = [], []

    def attempt(limiter: DatabaseRateLimiter) -> None:
        for _ in range(5):
            try:
                limiter.hit("ip:203.0.113.9")
                allowed.append(1)
            except AccountError as exc:
                assert exc.code == "rate_limited"
                refused.append(1)

    threads = [threading.Thread(target=attempt, args=(limiters[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert len(allowed) == 10 and len(refused) == 30


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_window_slides_and_refusals_do_not_extend_it(service: Any) -> None:
    clock = Clock(600_000.0 + 10)  # 10 s into a 60-second window
    limiter = DatabaseRateLimiter(service.store.engine, "slide", limit=3, window=60, clock=clock)
    for _ in range(3):
        limiter.hit("account:7")
    try:
        limiter.hit("account:7")
        raise AssertionError("the fourth hit in a minute must be refused")
    except AccountError as exc:
        assert exc.details["retry_after"] == 51  # the window ends in 50 s; a second later its weight is under 1
    limiter.hit("account:8")  # other keys are not affected
    # Half-way through the next window, half of the previous window's three still count: 1.5 + 2 hits fit.
    clock.now = 600_000.0 + 60 + 30
    limiter.hit("account:7")
    limiter.hit("account:7")
    for _ in range(5):  # refused: 1.5 + 2 >= 3
        try:
            limiter.hit("account:7")
            raise AssertionError("over the limit")
        except AccountError as exc:
            assert exc.details["retry_after"] >= 1
    # 15 s on, 0.75 + 2 < 3 lets one more through: the five refusals were not counted.
    clock.now = 600_000.0 + 60 + 45
    limiter.hit("account:7")


def test_counters_hold_digests_only_and_expire(service: Any) -> None:
    clock = Clock(1_000_000.0)
    limiter = DatabaseRateLimiter(service.store.engine, "auth", limit=1000, window=60, clock=clock)
    limiter.hit("ip:198.51.100.7", "account:alice@example.org")
    with service.store.engine.connect() as connection:
        rows = connection.execute(select(RateCounter.key_hash, RateCounter.count)).all()
    assert len(rows) == 2 and all(len(key) == 64 for key, _count in rows)
    assert "alice" not in str(rows) and "198.51" not in str(rows)
    clock.now += 10 * 60  # long after: the next cleaning deletes the old windows
    for _ in range(CLEAN_EVERY):
        limiter.hit("ip:192.0.2.1")
    with service.store.engine.connect() as connection:
        left = connection.execute(select(RateCounter.count)).scalars().all()
    assert left == [CLEAN_EVERY]  # only the last key's counter in the current window is left
