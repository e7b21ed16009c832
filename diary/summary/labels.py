"""Catalogue slugs as labels in the active language, and whole-number shares of a total."""
from __future__ import annotations


def _label(choices, slug: str) -> str:
    try:
        return str(choices(slug).label)
    except ValueError:
        return slug


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
