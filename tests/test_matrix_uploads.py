"""Matrix without a homeserver: the upload limit comes from the server's `m.upload.size`, and a
document built on disk is uploaded from its path (nio streams it), not read into memory first.
(The full Matrix flows run against Synapse in tests/matrix.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from nio import ContentRepositoryConfigError, ContentRepositoryConfigResponse, UploadResponse
from nio.crypto.async_attachments import async_generator_from_data

from bot.app import App
from bot.matrix.transport import DEFAULT_UPLOAD_LIMIT, MatrixTransport
from bot.outgoing import OutDocument
from bot.settings import load_settings


@pytest.fixture
async def matrix(data_dir: Path) -> AsyncIterator[MatrixTransport]:
    settings = load_settings(
        data_dir=data_dir,
        matrix_homeserver="http://127.0.0.1:9",
        matrix_user="@wegwijzer:localhost",
        matrix_access_token="token",
    )
    app = await App.open(settings)
    transport = MatrixTransport(app)
    yield transport
    await transport.client.close()
    await app.close()


async def test_the_upload_limit_is_the_homeservers(matrix: MatrixTransport) -> None:
    limits = matrix.app.dispatcher.upload_limits
    assert limits["matrix"] == DEFAULT_UPLOAD_LIMIT  # before the server said anything

    async def config() -> Any:
        return ContentRepositoryConfigResponse(upload_size=104_857_600)

    matrix.client.content_repository_config = config
    await matrix._learn_upload_limit()
    assert limits["matrix"] == 104_857_600

    async def refused() -> Any:
        return ContentRepositoryConfigError("M_UNRECOGNIZED")

    matrix.client.content_repository_config = refused
    await matrix._learn_upload_limit()
    assert limits["matrix"] == DEFAULT_UPLOAD_LIMIT


async def test_a_document_on_disk_is_uploaded_from_its_path(
    matrix: MatrixTransport, tmp_path: Path
) -> None:
    built = tmp_path / "part.zip"
    built.write_bytes(b"PK" + b"x" * 300_000)
    seen: dict[str, Any] = {}

    async def upload(provider: Any, **kwargs: Any) -> Any:
        source = provider(0, 0)  # as nio calls it (and again on a retry)
        seen["source"], seen["size"] = source, kwargs["filesize"]
        seen["bytes"] = b"".join([c async for c in async_generator_from_data(source)])
        return UploadResponse("mxc://localhost/abc"), None

    matrix.client.upload = upload
    doc = OutDocument(built, "wegwijzer-my-data.zip", "application/zip", "Part 1 of 2")
    content = await matrix._upload("!room:localhost", "m.file", doc.file_name, doc.mime_type, doc)

    assert seen["source"] == built and seen["size"] == built.stat().st_size
    assert seen["bytes"] == built.read_bytes()
    assert content["url"] == "mxc://localhost/abc" and content["info"]["size"] == 300_002
