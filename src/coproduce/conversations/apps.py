from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coproduce.conversations"
    label = "conversations"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.conversations import personal_data

        registry.register("conversations", export=personal_data.export, erase=personal_data.erase)
