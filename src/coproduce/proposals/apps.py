from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "coproduce.proposals"
    label = "proposals"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.proposals import personal_data

        registry.register("proposals", export=personal_data.export, erase=personal_data.erase)
