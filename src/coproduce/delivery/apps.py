from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"
