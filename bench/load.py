"""The HTTP side: gunicorn on loopback, signing the personas in, and wrk driving a page
with one connection per client, each client its own signed-in session."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# Each wrk thread drives one connection with its own header (a session cookie or a
# token); response() counts answers other than 200, so a page that redirects to the
# sign-in page cannot pass for a fast one; done() prints the figures as one JSON line.
# With think time, delay() makes each client wait a random while before its next
# request, as a person reading the page would; wrk starts the latency clock when the
# request is sent, so the wait is not in the latency.
WRK_SCRIPT = """
local auth = {%(auth)s}
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("header", auth[(counter - 1) %% #auth + 1])
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
  math.randomseed(id * 7919 + os.time())
  local name, value = header:match("^([^:]+): (.*)$")
  wrk.headers[name] = value
  req = wrk.format()
end
function request() return req end
%(delay)s
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "not_200": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\\n',
    summary.requests, summary.duration, bad,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_gunicorn(database_url: str, *, port: int, workers: int, threads: int) -> Server:
    """gunicorn with threaded workers, DEBUG off, against ``database_url``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TRYEZA_DEBUG": "0",
        "TRYEZA_LOG_LEVEL": "WARNING",
        # Sign-ins from one address in quick succession are the benchmark, not an attack.
        "TRYEZA_LOGIN_FAILURE_LIMIT": "1000",
    }
    log = Path(tempfile.gettempdir()) / "tryeza-bench-gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "tryeza.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        "--timeout=120",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)  # noqa: S603
    server = Server(process, port, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log}")
        try:
            if get(server, "/accounts/login/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise SystemExit(f"gunicorn did not answer within 30 s; see {log}")


def _request(
    server: Server, method: str, path: str, body: str | None = None, headers: dict | None = None
) -> tuple[int, dict[str, list[str]], str]:
    conn = http.client.HTTPConnection(HOST, server.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        answer: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            answer.setdefault(name.lower(), []).append(value)
        return response.status, answer, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def get(server: Server, path: str, header: str = "") -> tuple[int, str]:
    headers = dict([header.split(": ", 1)]) if header else {}
    status, _, body = _request(server, "GET", path, headers=headers)
    return status, body


def _cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for line in headers.get("set-cookie", []):
        jar.load(line)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(server: Server, username: str, password: str) -> str:
    """Sign in through the sign-in page, as a browser does; the session's Cookie header."""
    status, headers, body = _request(server, "GET", "/accounts/login/")
    csrf = _cookies(headers)["csrftoken"]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or match is None:
        raise SystemExit("The sign-in page did not offer a form")
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match[1]})
    status, headers, _ = _request(
        server,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
        },
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"Could not sign in as {username} (HTTP {status})")
    return f"Cookie: sessionid={session}; csrftoken={csrf}"


def api_token(server: Server, username: str, password: str) -> str:
    """The account's API token, as an Authorization header."""
    body = json.dumps({"username": username, "password": password})
    status, _, answer = _request(
        server,
        "POST",
        "/api/v1/auth/token/",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    if status != 200:
        raise SystemExit(f"No API token for {username} (HTTP {status})")
    return f"Authorization: Token {json.loads(answer)['token']}"


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    server: Server,
    path: str,
    headers: list[str],
    *,
    seconds: float,
    think_ms: tuple[int, int] | None = None,
) -> dict[str, float]:
    """``len(headers)`` clients, each on its own connection and header, for ``seconds``;
    each waits a random ``think_ms`` (low, high) between an answer and its next request,
    or asks again at once when None (a closed loop: the server's saturation)."""
    auth = ", ".join(json.dumps(h) for h in headers)
    delay = ""
    if think_ms is not None:
        delay = f"function delay() return math.random({think_ms[0]}, {think_ms[1]}) end"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"auth": auth, "delay": delay})
    try:
        clients = len(headers)
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607 — wrk from the system's packages (make bench installs it)
                "wrk",
                f"--threads={clients}",
                f"--connections={clients}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=30s",
                f"--script={script.name}",
                server.base + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    raw = json.loads(line[len("BENCH ") :])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1) if seconds_run else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "not_200": raw["not_200"],
        "socket_errors": raw["socket_errors"],
    }
