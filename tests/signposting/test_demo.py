"""The demo's networks and signposting: loaded by `coproduce demo`, and nothing added the second time."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coproduce.networks.models import Network, NetworkMember
from coproduce.signposting.models import Service, Signposting


@pytest.mark.django_db
def test_the_demo_loads_networks_services_and_signposting_once(demo_loaded):
    counts = (
        Network.objects.count(),
        NetworkMember.objects.count(),
        Service.objects.count(),
        Signposting.objects.count(),
    )
    assert counts == (3, 5, 8, 7)
    assert not Service.objects.filter(name_cy__isnull=True).exists()
    assert Signposting.objects.exclude(outcome="awaited").count() == 6
    call_command("demo")
    assert counts == (
        Network.objects.count(),
        NetworkMember.objects.count(),
        Service.objects.count(),
        Signposting.objects.count(),
    )
