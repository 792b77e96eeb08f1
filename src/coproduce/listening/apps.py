from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "coproduce.listening"
    label = "listening"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.listening import personal_data

        registry.register("listening", export=personal_data.export, erase=personal_data.erase)
