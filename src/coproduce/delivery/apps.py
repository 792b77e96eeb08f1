from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.delivery import personal_data

        registry.register("delivery", export=personal_data.export, erase=personal_data.erase)
