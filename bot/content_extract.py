"""A Babel extractor for content files: every user-visible string of a form goes to the .pot.

Registered as the `wegwijzer_content` extractor (see pyproject.toml and babel.cfg), so
translators work in one set of .po files for code and content. Each message carries the path
inside the file as a translator comment ("questions[2].options[0].label"), which tells them
where the string is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

#: Keys whose string values people read; everything else (ids, types, numbers) is not text.
TRANSLATABLE = frozenset(
    {
        "title", "intro", "outro", "text", "help", "label", "advice", "min_label", "max_label",
        "what", "why", "how", "note", "result_note", "explanation",
    }
)  # fmt: skip
#: Keys whose value is a list of strings people read (the step plan's "what to bring").
TRANSLATABLE_LISTS = frozenset({"bring"})

Extracted = tuple[int, str | None, str, list[str]]


def _walk(node: yaml.Node, path: str) -> Iterator[Extracted]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            where = f"{path}.{name}" if path else name
            if name in TRANSLATABLE and isinstance(value, yaml.ScalarNode) and value.value:
                yield value.start_mark.line + 1, None, str(value.value), [where]
            elif name in TRANSLATABLE_LISTS and isinstance(value, yaml.SequenceNode):
                for index, item in enumerate(value.value):
                    if isinstance(item, yaml.ScalarNode) and item.value:
                        yield item.start_mark.line + 1, None, str(item.value), [f"{where}[{index}]"]
            else:
                yield from _walk(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{index}]")


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """The Babel extractor interface."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is not None:
        yield from _walk(root, "")
