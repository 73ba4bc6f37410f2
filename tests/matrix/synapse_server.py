"""A real Synapse homeserver on 127.0.0.1 for the test session (pip package matrix-synapse).

Its own homeserver.yaml: SQLite, one client listener on loopback, registration only by shared
secret, cheap bcrypt, no federation, key servers, presence or URL previews, and relaxed rate
limits so a flood test measures the bot, not Synapse's throttling. Start-up failures raise with
the tail of Synapse's log, so CI shows why.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

RELAXED = {"per_second": 1000, "burst_count": 1000}


@dataclass(frozen=True)
class Registered:
    user_id: str
    access_token: str
    device_id: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SynapseServer:
    """Start with `start()` or `with SynapseServer(dir) as server:`; register users by secret."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.port = 0  # chosen by start()
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    @property
    def server_name(self) -> str:
        return "localhost"

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("SynapseServer.url before start()")
        return f"http://127.0.0.1:{self.port}"

    def _config(self) -> dict[str, Any]:
        d = self.base_dir
        return {
            "server_name": self.server_name,
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "log_config": str(d / "log.yaml"),
            "media_store_path": str(d / "media"),
            "signing_key_path": str(d / "signing.key"),
            "registration_shared_secret": self.secret,
            "enable_registration": False,
            "bcrypt_rounds": 4,
            "report_stats": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "presence": {"enabled": False},
            "url_preview_enabled": False,
            "max_upload_size": "50M",
            "rc_message": RELAXED,
            "rc_registration": RELAXED,
            "rc_login": {"address": RELAXED, "account": RELAXED, "failed_attempts": RELAXED},
            "rc_joins": {"local": RELAXED, "remote": RELAXED},
            "rc_joins_per_room": RELAXED,
            "rc_invites": {"per_room": RELAXED, "per_user": RELAXED, "per_issuer": RELAXED},
            "rc_room_creation": RELAXED,
            "rc_media_create": RELAXED,
            "rc_profile": RELAXED,
            "rc_presence": {"per_user": RELAXED},
            "rc_delayed_event_mgmt": RELAXED,
        }

    def _write_files(self) -> Path:
        self.base_dir.mkdir(parents=True, exist_ok=True)
        log_config = {
            "version": 1,
            "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "formatter": "plain",
                    "filename": str(self.base_dir / "homeserver.log"),
                }
            },
            "root": {"level": "WARNING", "handlers": ["file"]},
            "disable_existing_loggers": False,
        }
        (self.base_dir / "log.yaml").write_text(json.dumps(log_config))  # JSON is YAML
        config = self.base_dir / "homeserver.yaml"
        config.write_text(json.dumps(self._config(), indent=1))
        return config

    def _tail(self) -> str:
        lines: list[str] = []
        for name in ("stderr.log", "homeserver.log"):
            path = self.base_dir / name
            if path.exists():
                lines += [f"--- {name}", *path.read_text(errors="replace").splitlines()[-40:]]
        return "\n".join(lines)

    def start(self, timeout: float = 60.0) -> SynapseServer:
        """Write the config, generate keys, run Synapse and wait until it answers."""
        if self.process is not None:
            raise RuntimeError("SynapseServer.start() called twice")
        self.port = _free_port()
        config = self._write_files()
        command = [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)]
        keys = subprocess.run(
            [*command, "--generate-keys"], capture_output=True, text=True, timeout=120
        )
        if keys.returncode != 0:
            output = "\n".join((keys.stdout + keys.stderr).splitlines()[-40:])
            raise RuntimeError(f"Synapse could not generate keys:\n{output}\n{self._tail()}")
        self._output = (self.base_dir / "stderr.log").open("wb")
        self.process = subprocess.Popen(
            command, stdout=self._output, stderr=subprocess.STDOUT, cwd=self.base_dir
        )
        try:
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Synapse exited at start-up (code {self.process.returncode}):\n{self._tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"Synapse did not answer within {timeout:g} s:\n{self._tail()}")

    def stop(self) -> None:
        """SIGTERM, up to 10 s to exit, then SIGKILL. Safe to call more than once."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self._output is not None:
            self._output.close()
            self._output = None

    def __enter__(self) -> SynapseServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _request(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{path}", data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return dict(json.loads(response.read()))
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{path}: HTTP {exc.code} {exc.read().decode()[:300]}") from None

    def register(self, localpart: str, password: str, admin: bool = False) -> Registered:
        """Shared-secret registration (the admin API); raises if the name is taken."""
        path = "/_synapse/admin/v1/register"
        nonce = self._request(path)["nonce"]
        message = b"\x00".join(
            [
                nonce.encode(),
                localpart.encode(),
                password.encode(),
                b"admin" if admin else b"notadmin",
            ]
        )
        mac = hmac.new(self.secret.encode(), message, hashlib.sha1).hexdigest()
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac,
        }
        result = self._request(path, body)
        return Registered(result["user_id"], result["access_token"], result["device_id"])

    @staticmethod
    def unique_localpart(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:8]}"
