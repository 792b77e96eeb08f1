from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coproduce.conversations"
    label = "conversations"
