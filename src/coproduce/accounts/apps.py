from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"

    def ready(self) -> None:
        # How to export and erase a person's data: see personal_data.py.
        from coproduce.accounts.personal_data import erase_account, export_account, register

        register("accounts", export=export_account, erase=erase_account)
