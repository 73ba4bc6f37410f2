"""python-telegram-bot's HTTP seam (`BaseRequest`) on aiohttp instead of httpx.

Each Bot API call costs CPU in the HTTP client. Measured on this project's loopback Bot API,
httpx (with httpcore, anyio and h11, all pure Python) spends about 2.3 ms per request where
aiohttp, with its C parser, spends about 0.3 ms; a quiz step makes two or three requests, so
this seam decided most of the bot's CPU per interaction (production-core benchmark). aiohttp is
already a dependency (matrix-nio). Status codes and the Bot API's JSON are still interpreted by
PTB's `BaseRequest`; this class only moves bytes and maps transport faults to PTB's errors.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """One connection pool; PTB's default timeouts (5 s; uploads get 20 s to write)."""

    def __init__(
        self,
        *,
        pool_size: int = 256,
        connect_timeout: float = 5.0,
        read_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        media_timeout: float = 20.0,
    ) -> None:
        self._pool_size = pool_size
        self._connect, self._read, self._pool = connect_timeout, read_timeout, pool_timeout
        self._media = media_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.contains_files if request_data else False
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        write = (self._media if files else self._read) if isinstance(
            write_timeout, DefaultValue
        ) else write_timeout  # fmt: skip
        timeout = aiohttp.ClientTimeout(
            total=None if read is None or write is None else read + write + (connect or 0) + 1,
            connect=None if connect is None else connect + (pool or 0),
            sock_connect=connect,
            sock_read=read,
        )
        body = _body(request_data) if request_data is not None else None
        try:
            async with self._session.request(method, url, data=body, timeout=timeout) as resp:
                return resp.status, await resp.read()
        except (TimeoutError, asyncio.TimeoutError) as exc:  # noqa: UP041 (aiohttp raises both)
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _body(request_data: RequestData) -> Any:
    """Form fields as PTB encodes them; files as multipart, like PTB's httpx backend."""
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form
