"""The composition root: settings → data dir → content → database → catalogs → dispatcher.

Transports receive a ready `App`; tests build one on a temporary data dir the same way the
command line does, so what is tested is the production wiring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.content import Library, load_library
from bot.dispatcher import Dispatcher, utcnow
from bot.i18n import Translator
from bot.settings import Settings
from conversations.journey import build_journey
from storage.database import Database


@dataclass
class App:
    settings: Settings
    db: Database
    translator: Translator
    dispatcher: Dispatcher
    library: Library

    @classmethod
    async def open(cls, settings: Settings, clock: Callable[[], datetime] = utcnow) -> App:
        settings.prepare_data_dir()
        library = load_library(settings.content_dir)  # a broken file stops start-up here
        db = Database(settings.db_url)
        await db.migrate()
        translator = Translator()
        journey = build_journey(library.forms, library.checklists)
        dispatcher = Dispatcher(db, journey, translator, settings, clock=clock)
        return cls(settings, db, translator, dispatcher, library)

    async def close(self) -> None:
        await self.db.close()
