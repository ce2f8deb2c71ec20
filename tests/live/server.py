"""A real server for tests: gunicorn with several worker processes on a free 127.0.0.1 port, a small HTTP client
that keeps its session cookie and reads forms, and a TCP relay to a database server that a test can cut and
restore (the database "goes away" and "comes back" without touching the real server).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from config import BASE_DIR
from tests.conftest import TODAY
from tests.updates.helpers import form_fields

HOST = "127.0.0.1"
START_SECONDS = 60  # upper bounds for a loaded machine, not speed assertions
REQUEST_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def gunicorn(database_url: str, log: Path, *, workers: int = 4, **settings):
    """The testing configuration with CSRF on (clients go through the forms as a browser does).

    The testing config draws a key per process; the workers of one server must share one, as a real install does.
    """
    port = free_port()
    values = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TRACKER_TODAY": TODAY.isoformat(),
        "WTF_CSRF_ENABLED": True,
        "SECRET_KEY": secrets.token_hex(32),
    }
    values.update(settings)
    factory = "tracker:create_app('testing', " + ", ".join(f"{key}={value!r}" for key, value in values.items()) + ")"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{HOST}:{port}"]
    command += ["--graceful-timeout", "5", "--error-logfile", "-", factory]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT, env=_env())
    server = Server(port, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TRACKER_", "GUNICORN"))}
    env["PYTHONPATH"] = str(BASE_DIR)
    return env


def _wait_until_up(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{server.log_text()}")
        with suppress(OSError):
            if Client(server.port).get("/login").status == 200:
                return
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {START_SECONDS} s:\n{server.log_text()}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Client:
    """One person's browser: the session cookie, the language it asks for, no redirects followed."""

    def __init__(self, port: int, language: str = "zh-CN", name: str = "") -> None:
        self.port = port
        self.name = name
        self.language = language
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        return self.request("POST", path, form)

    def form(self, path: str) -> dict[str, str]:
        """The fields of the form on a page, as the page fills them in (the CSRF token included)."""
        page = self.get(path)
        assert page.status == 200, f"GET {path}: {page.status}"
        return {name: field.value for name, field in form_fields(page.body).items()}

    def sign_in(self, username: str, password: str) -> Answer:
        fields = self.form("/login")
        return self.post("/login", {**fields, "username": username, "password": password})


class Relay:
    """127.0.0.1:<port> forwarded to a database server; cut() drops every connection and refuses new ones."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def open(self) -> None:
        self._listener = socket.create_server((HOST, self.port))
        self._listener.settimeout(0.1)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection((HOST, self.target_port))
            client.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with suppress(OSError):
            target.shutdown(socket.SHUT_WR)


def api_call(port: int, token: str, method: str, path: str, body: object = None) -> tuple[int, dict]:
    """One API request with a bearer token (JSON in, JSON out): the status and the decoded answer."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_SECONDS)
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return response.status, json.loads(text) if text else {}
    finally:
        connection.close()


def run_at_once(work, arguments: list[tuple]) -> list[BaseException]:
    """`work(*args)` in a thread for each tuple of `arguments`, all started before any is joined; the exceptions
    they raised (assertions included), for the test to report."""
    failures: list[BaseException] = []

    def guarded(*args) -> None:
        try:
            work(*args)
        except BaseException as error:  # reported by the test, whatever it was
            failures.append(error)

    threads = [threading.Thread(target=guarded, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures
