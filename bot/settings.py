"""Configuration from WEGWIJZER_* variables (and an optional .env), checked once at start-up.

Every problem becomes one `ConfigError` line that names the variable, so an operator sees
"WEGWIJZER_TELEGRAM_TOKEN: …" instead of a traceback.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conversations.roles import Role
from locales import LOCALES

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
PUBLIC_BOT_API = "https://api.telegram.org"


class ConfigError(Exception):
    """A configuration problem, worded for the operator in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEGWIJZER_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./wegwijzer-data")
    database_url: str | None = None
    telegram_token: SecretStr | None = None
    telegram_api_url: str = PUBLIC_BOT_API
    telegram_username: str | None = None
    timezone: str = "Europe/Brussels"
    default_locale: str = "nl"
    #: Role for people who start without an invite; empty means "invitation only".
    open_role: Role | None = Role.NEWCOMER
    log_level: str = "INFO"
    #: A deployment's own content folder (forms, quizzes), added to the shipped content.
    content_dir: Path | None = None

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not _TOKEN.match(value.strip()):
            raise ValueError("does not look like a Telegram bot token (expected 123456789:AAE…)")
        return value.strip()

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use a name like Europe/Brussels)"
            ) from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"unknown locale {value!r}; shipped locales: {', '.join(LOCALES)}")
        return value

    @field_validator("open_role", mode="before")
    @classmethod
    def _open_role(cls, value: object) -> object:
        if value in ("", "none", None):
            return None
        if isinstance(value, str) and value not in {r.value for r in Role}:
            raise ValueError(f"unknown role {value!r}; roles: {', '.join(r.value for r in Role)}")
        return value

    @property
    def db_url(self) -> str:
        return (
            self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'wegwijzer.db').resolve()}"
        )

    def prepare_data_dir(self) -> None:
        """Create the data dir and prove it is writable, before anything else starts."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.data_dir, prefix=".write-test-"):
                pass
        except OSError as exc:
            raise ConfigError(
                f"WEGWIJZER_DATA_DIR: cannot write to {self.data_dir} ({exc.strerror or exc})"
            ) from None


def load_settings(**overrides: object) -> Settings:
    """Read the environment; turn validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"WEGWIJZER_{field.upper()}: {message}") from None
