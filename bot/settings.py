"""Configuration from WEGWIJZER_* variables (and an optional .env), checked once at start-up.

Every problem becomes one `ConfigError` line that names the variable, so an operator sees
"WEGWIJZER_TELEGRAM_TOKEN: …" instead of a traceback.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conversations.roles import Role

if TYPE_CHECKING:
    from bot.durations import Period
    from bot.reminders.plan import QuietHours
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
    matrix_homeserver: str | None = None
    matrix_user: str | None = None  # full user id, @wegwijzer:example.org
    matrix_password: SecretStr | None = None
    matrix_access_token: SecretStr | None = None
    matrix_device_name: str = "Wegwijzer"
    #: Before an exchange: when to remind switcher and coach (also 10m,90s to try it out).
    reminder_offsets: str = "7d,1d,2h"
    #: Local quiet hours for reminders; empty switches them off.
    quiet_hours: str = "21:00-08:00"
    #: Proactive sends (reminders, notices) per second across all chats: Telegram's guidance
    #: is about 30 for a bot; more only with paid broadcasts. Replies are not paced by this.
    send_rate: float = Field(default=29.0, gt=0, le=1000)
    #: How long after the last exchange day the evaluation questionnaires come.
    evaluation_after: str = "21d"
    #: How long after the follow-up actions are named the bot asks how they are going.
    followup_after: str = "42d"
    #: A newcomer idle on their plan this long gets a gentle nudge (at most three).
    nudge_after: str = "14d"
    #: How long a mentor or career coach has to answer a request before the next is asked.
    match_timeout: str = "3d"
    #: Fair use: what one person's files may take in total, in MB.
    media_quota_mb: int = Field(default=200, gt=0)
    #: Fair use: at most this many events per person within `rate_window` (e.g. 10s).
    rate_events: int = Field(default=20, gt=0)
    rate_window: str = "10s"
    #: Aggregates (quiz results per organisation, evaluation averages) are shown only for
    #: groups of at least this many people, so nobody's own answers can be read from them.
    min_group: int = Field(default=3, ge=1)
    #: Delivered reminders and notices keep their message (payload) this long, then only the
    #: row that says something was sent.
    retention_delivered: str = "30d"
    #: Programme content (reflections, answers, files…) is deleted this long after a person's
    #: last exchange or plan step: months (24) or a duration (730d).
    retention_programme: str = "24"
    #: The coordinator's desk (web pages): where it listens, and its address as people reach
    #: it (behind a proxy: https://desk.example.org); empty means http://HOST:PORT.
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8470, ge=1, le=65535)
    web_url: str | None = None
    #: Several workers on PostgreSQL (README "Deployment"): this worker's name in the reminder
    #: leases and the metrics (default host-pid), how long a claimed reminder stays reserved
    #: for it (seconds), Telegram updates by webhook instead of long polling (the secret
    #: defaults to one derived from the token, the same in every worker), JSON log lines.
    worker_name: str | None = None
    reminder_lease: float = Field(default=30.0, gt=0, le=3600)
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    log_format: str = Field(default="text", pattern="^(text|json)$")
    #: Files people sent: `<data>/media` by default; a folder shared by all workers otherwise.
    media_dir: Path | None = None
    #: The bot's Matrix device (login and encryption keys): `<data>/matrix` by default; with
    #: several workers a folder they all mount, so each sync leader in turn is the same device.
    matrix_dir: Path | None = None

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not _TOKEN.match(value.strip()):
            raise ValueError("does not look like a Telegram bot token (expected 123456789:AAE…)")
        return value.strip()

    @field_validator("reminder_offsets")
    @classmethod
    def _offsets(cls, value: str) -> str:
        from bot.reminders.plan import parse_offsets

        parse_offsets(value)
        return value

    @field_validator(
        "evaluation_after", "followup_after", "nudge_after", "match_timeout", "rate_window",
        "retention_delivered",
    )
    @classmethod
    def _valid_duration(cls, value: str) -> str:
        from bot.durations import parse_duration

        parse_duration(value)
        return value

    @property
    def evaluation_delay(self) -> timedelta:
        return _duration(self.evaluation_after)

    @property
    def followup_delay(self) -> timedelta:
        return _duration(self.followup_after)

    @property
    def nudge_delay(self) -> timedelta:
        return _duration(self.nudge_after)

    @property
    def match_delay(self) -> timedelta:
        return _duration(self.match_timeout)

    @property
    def delivered_retention(self) -> timedelta:
        return _duration(self.retention_delivered)

    @field_validator("retention_programme")
    @classmethod
    def _valid_period(cls, value: str) -> str:
        from bot.durations import parse_period

        parse_period(value)
        return value

    @property
    def programme_retention(self) -> Period:
        from bot.durations import parse_period

        return parse_period(self.retention_programme)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        from bot.reminders.plan import QuietHours

        QuietHours.parse(value)
        return value

    @property
    def offsets(self) -> tuple[timedelta, ...]:
        from bot.reminders.plan import parse_offsets

        return parse_offsets(self.reminder_offsets)

    @property
    def quiet(self) -> QuietHours | None:
        from bot.reminders.plan import QuietHours

        return QuietHours.parse(self.quiet_hours)

    @field_validator("matrix_homeserver")
    @classmethod
    def _homeserver(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://matrix.example.org")
        return value.rstrip("/")

    @field_validator("matrix_user")
    @classmethod
    def _matrix_user(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not re.match(r"^@[a-z0-9._=/+-]+:[A-Za-z0-9.:\[\]-]+$", value.strip()):
            raise ValueError("must be a full Matrix user id such as @wegwijzer:example.org")
        return value.strip()

    @field_validator("matrix_password", "matrix_access_token", mode="before")
    @classmethod
    def _empty_secret(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _matrix_complete(self) -> Settings:
        if self.matrix_homeserver is None:
            return self
        if self.matrix_user is None:
            raise ValueError("matrix_user: needed with WEGWIJZER_MATRIX_HOMESERVER")
        if self.matrix_password is None and self.matrix_access_token is None:
            raise ValueError(
                "matrix_password: set WEGWIJZER_MATRIX_PASSWORD or WEGWIJZER_MATRIX_ACCESS_TOKEN"
            )
        return self

    @property
    def secrets(self) -> list[str]:
        """Values that must never reach a log line."""
        found = (self.telegram_token, self.matrix_password, self.matrix_access_token,
                 self.telegram_webhook_secret)  # fmt: skip
        return [s.get_secret_value() for s in found if s is not None]

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

    @field_validator("web_url", mode="before")
    @classmethod
    def _web_url(cls, value: object) -> object:
        if value in ("", None):
            return None
        if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://desk.example.org")
        return value.rstrip("/")

    @field_validator("telegram_webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: object) -> object:
        if value in ("", None):
            return None
        if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://bot.example.org/telegram")
        return value

    @property
    def worker(self) -> str:
        """This process's name among the workers (leases, metrics): never personal data."""
        return self.worker_name or f"{socket.gethostname()}-{os.getpid()}"

    @property
    def desk_url(self) -> str:
        """The desk's public address, without a trailing slash."""
        return self.web_url or f"http://{self.web_host}:{self.web_port}"

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


def _duration(text: str) -> timedelta:
    from bot.durations import parse_duration

    return parse_duration(text)


def load_settings(**overrides: object) -> Settings:
    """Read the environment; turn validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"] and ": " in message:  # a check across fields names its field
            field, message = message.split(": ", 1)
        raise ConfigError(f"WEGWIJZER_{field.upper()}: {message}") from None
