"""Limit/offset pagination: two queries per page (the count and the slice), whatever the page size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 100


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10_000_000, description="How many items to skip.")


def page(queryset: QuerySet, paging: Paging, to_dict: Callable[[Any], dict]) -> dict:
    return {
        "count": queryset.count(),
        "limit": paging.limit,
        "offset": paging.offset,
        "items": [to_dict(item) for item in queryset[paging.offset : paging.offset + paging.limit]],
    }
