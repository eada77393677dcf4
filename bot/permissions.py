"""Who may change the knowledge base from the chat: the admin user ids in the settings, nobody else."""

from __future__ import annotations

from collections.abc import Collection


def is_admin(user_id: int | None, admin_ids: Collection[int]) -> bool:
    return user_id is not None and user_id in admin_ids
