from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coproduce.engagements"
    label = "engagements"
