from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coproduce.engagements"
    label = "engagements"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.engagements import personal_data

        registry.register("engagements", export=personal_data.export, erase=personal_data.erase)
