from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "coproduce.listening"
    label = "listening"
