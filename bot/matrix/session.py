"""The bot's Matrix login: one device for the life of a deployment.

The device id and access token are kept in ``<matrix dir>/credentials.json`` (mode 0600) and the
crypto store and sync token in ``<matrix dir>/store``: a restart keeps its encryption keys, does
not create a new device and does not replay old messages. The folder is ``<data dir>/matrix``,
or `WEGWIJZER_MATRIX_DIR`: with several workers a folder they all mount, so whichever worker
leads the sync is the same device with the same keys (only the leader opens it).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse

from bot.settings import ConfigError, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credentials:
    homeserver: str
    user_id: str
    device_id: str
    access_token: str


class MatrixLoginError(Exception):
    """The homeserver refused the configured account (wrong password, revoked token)."""


def matrix_dir(settings: Settings) -> Path:
    path = settings.matrix_dir or settings.data_dir / "matrix"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # the bot's keys: its user's only
    (path / "store").mkdir(exist_ok=True, mode=0o700)
    return path


def load_credentials(path: Path) -> Credentials | None:
    try:
        return Credentials(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def save_credentials(path: Path, credentials: Credentials) -> None:
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(asdict(credentials), fh)
    temp.replace(path)


def new_client(settings: Settings) -> AsyncClient:
    assert settings.matrix_homeserver and settings.matrix_user
    config = AsyncClientConfig(
        store_sync_tokens=True,
        encryption_enabled=True,
        max_limit_exceeded=None,  # keep honouring retry-after: never drop a message
        max_timeouts=None,
        request_timeout=60,
    )
    return AsyncClient(
        settings.matrix_homeserver,
        settings.matrix_user,
        store_path=str(matrix_dir(settings) / "store"),
        config=config,
    )


async def log_in(client: AsyncClient, settings: Settings) -> Credentials:
    """Reuse the stored device; else the configured token; else log in with the password."""
    assert settings.matrix_homeserver and settings.matrix_user
    path = matrix_dir(settings) / "credentials.json"
    stored = load_credentials(path)
    if stored and (stored.homeserver, stored.user_id) == (
        settings.matrix_homeserver,
        settings.matrix_user,
    ):
        client.restore_login(stored.user_id, stored.device_id, stored.access_token)
        if isinstance(await client.whoami(), WhoamiResponse):
            return stored
        log.warning("the stored Matrix login is no longer valid; logging in again")
        if settings.matrix_password is None:
            raise MatrixLoginError("the stored access token was revoked and no password is set")
    credentials = await _fresh_login(client, settings, stored.device_id if stored else None)
    save_credentials(path, credentials)
    return credentials


async def _fresh_login(
    client: AsyncClient, settings: Settings, device_id: str | None
) -> Credentials:
    assert settings.matrix_homeserver and settings.matrix_user
    if settings.matrix_access_token is not None:
        token = settings.matrix_access_token.get_secret_value()
        client.access_token = token
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse) or who.device_id is None:
            raise ConfigError("WEGWIJZER_MATRIX_ACCESS_TOKEN: the homeserver does not accept it")
        if who.user_id != settings.matrix_user:
            raise ConfigError(
                f"WEGWIJZER_MATRIX_ACCESS_TOKEN: belongs to {who.user_id}, "
                f"not WEGWIJZER_MATRIX_USER {settings.matrix_user}"
            )
        client.restore_login(who.user_id, who.device_id, token)
        return Credentials(settings.matrix_homeserver, who.user_id, who.device_id, token)
    assert settings.matrix_password is not None
    if device_id:
        client.device_id = device_id  # log in again on the same device, keeping its keys
    response = await client.login(
        settings.matrix_password.get_secret_value(), device_name=settings.matrix_device_name
    )
    if not isinstance(response, LoginResponse):
        raise ConfigError(
            f"WEGWIJZER_MATRIX_PASSWORD: the homeserver refused the login "
            f"({getattr(response, 'status_code', None) or 'error'})"
        )
    return Credentials(
        settings.matrix_homeserver, response.user_id, response.device_id, response.access_token
    )
