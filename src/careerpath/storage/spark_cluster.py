"""A Spark standalone cluster on this machine, loopback only: one master and N workers started with
the ``spark-class`` launcher the pyspark package ships. For tests and benchmarks of the Spark engine
on real separate executor processes (``--master spark://127.0.0.1:PORT``), not for production.

Example::

    with LocalSparkCluster(workers=2) as cluster:
        store = SparkPostingStore(path, master=cluster.master_url)
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from careerpath.errors import BackendError, BackendUnavailable

_ALIVE = re.compile(r"Registering worker|Successfully registered with master")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalSparkCluster:
    """A master and ``workers`` workers (``cores`` and ``memory`` each) on 127.0.0.1."""

    def __init__(self, workers: int = 2, *, cores: int = 1, memory: str = "1g", start_timeout_s: float = 120) -> None:
        try:
            import pyspark
        except ImportError as exc:
            raise BackendUnavailable("A Spark cluster needs pyspark: pip install 'careerpath[spark]'") from exc
        self.spark_home = Path(pyspark.__file__).parent
        self.workers, self.cores, self.memory = workers, cores, memory
        self.timeout = start_timeout_s
        self.port = _free_port()
        self.master_url = f"spark://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="careerpath-spark-cluster-"))
        self._processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[Path] = []

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SPARK_HOME=str(self.spark_home),
            SPARK_LOCAL_IP="127.0.0.1",
            # No REST submission server: it would take a fixed port (6066).
            SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=false",
            SPARK_WORKER_DIR=str(self.folder / "work"),
        )
        return env

    def _launch(self, name: str, *args: str) -> Path:
        log = self.folder / f"{name}.log"
        command = [str(self.spark_home / "bin" / "spark-class"), *args]
        with log.open("wb") as out:
            self._processes.append(
                subprocess.Popen(command, env=self._env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            )
        self._logs.append(log)
        return log

    def _wait_for(self, log: Path, pattern: re.Pattern[str], count: int = 1) -> None:
        deadline, text = time.monotonic() + self.timeout, ""
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace") if log.exists() else ""
            if len(pattern.findall(text)) >= count:
                return
            if any(p.poll() is not None for p in self._processes):
                break
            time.sleep(0.25)
        self.stop()
        raise BackendError(f"The local Spark cluster did not start; see {log}:\n{text[-1500:]}")

    def start(self) -> LocalSparkCluster:
        master_log = self._launch(
            "master",
            "org.apache.spark.deploy.master.Master",
            *("--host", "127.0.0.1", "--port", str(self.port), "--webui-port", str(_free_port())),
        )
        self._wait_for(master_log, re.compile(r"New state: ALIVE"))
        for number in range(self.workers):
            self.add_worker(f"worker{number + 1}")
        self._wait_for(master_log, re.compile(r"Registering worker"), count=self.workers)
        return self

    def add_worker(self, name: str) -> None:
        self._launch(
            name,
            "org.apache.spark.deploy.worker.Worker",
            *("--host", "127.0.0.1", "--cores", str(self.cores), "--memory", self.memory),
            *("--webui-port", str(_free_port()), "--work-dir", str(self.folder / name)),
            self.master_url,
        )

    def stop(self) -> None:
        for process in reversed(self._processes):
            if process.poll() is None:
                process.terminate()
        for process in self._processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        self._processes.clear()

    def __enter__(self) -> LocalSparkCluster:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
