from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "coproduce.proposals"
    label = "proposals"
