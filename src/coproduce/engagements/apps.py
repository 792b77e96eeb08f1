from __future__ import annotations

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coproduce.engagements"
    label = "engagements"

    def ready(self) -> None:
        from coproduce.core import ratelimit
        from coproduce.engagements.participants import browser_key

        # A browser that takes part is rate-limited on its own, not with everyone on its IP address (core/ratelimit).
        if browser_key not in ratelimit.browser_keys:
            ratelimit.browser_keys.append(browser_key)
