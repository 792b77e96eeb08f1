from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coproduce.conversations"
    label = "conversations"

    def ready(self) -> None:
        from coproduce.conversations.demo import load_demo
        from coproduce.engagements.registry import add_demo_loader

        add_demo_loader(load_demo)
