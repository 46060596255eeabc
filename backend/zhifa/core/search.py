"""Chinese free-text search without extensions: character bigrams in a GIN-indexed array.

A query matches when every bigram of it occurs in the case's text (array containment, `@>`).
"""

import re

_SPLIT = re.compile(r"[\s,，。；;:：、（）()《》〔〕\[\]【】\"'“”‘’/\\-]+")


def bigrams(text: str) -> list[str]:
    grams: set[str] = set()
    for chunk in _SPLIT.split((text or "").upper()):
        if len(chunk) == 1:
            grams.add(chunk)
        grams.update(chunk[i:i + 2] for i in range(len(chunk) - 1))
    return sorted(grams)
