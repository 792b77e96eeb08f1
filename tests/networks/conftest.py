"""Networks fixtures on top of the shared personas (tests/conftest.py): a network of networks.

wales (coordinated by cora) contains north (coordinated by nia), which contains "glas" (alice's organisation). So
glas is in wales through north. "other" (olly's) is in no network.
"""

from __future__ import annotations

import pytest

from coproduce.networks.models import Network, NetworkCoordinator, NetworkMember
from tests.conftest import PASSWORD


def make_network(slug: str, en: str, cy: str, coordinator) -> Network:
    network = Network.objects.create(slug=slug, name_en=en, name_cy=cy, description_en=f"About {en}.")
    NetworkCoordinator.objects.create(network=network, user=coordinator)
    return network


def join(network: Network, **member) -> NetworkMember:
    return NetworkMember.objects.create(network=network, status=NetworkMember.Status.ACTIVE, **member)


@pytest.fixture
def networks(world, django_user_model):
    w = world
    w.cora = django_user_model.objects.create_user("cora@example.org", PASSWORD, display_name="Cora")
    w.nia = django_user_model.objects.create_user("nia@example.org", PASSWORD, display_name="Nia")
    w.wales = make_network("wales", "Co-production Wales", "Cyd-gynhyrchu Cymru", w.cora)
    w.north = make_network("north", "North Wales Network", "Rhwydwaith Gogledd Cymru", w.nia)
    join(w.wales, member_network=w.north)
    join(w.north, organisation=w.org)
    return w
