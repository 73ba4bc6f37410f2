"""What the retention warning's buttons want changed."""

from __future__ import annotations

from typing import Literal

from conversations.effects import Effect


class KeepMyData(Effect):
    """The person chose to keep their programme data when warned it would be deleted."""

    kind: Literal["keep_my_data"] = "keep_my_data"
