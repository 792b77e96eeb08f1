"""A network cannot contain itself, directly or through others: refused with a message naming the chain, and
nothing is saved."""

from __future__ import annotations

import pytest

from coproduce.networks import actions
from coproduce.networks.models import NetworkMember
from tests.networks.conftest import join, make_network


def test_a_network_cannot_invite_itself(networks):
    w = networks
    with pytest.raises(actions.WouldContainItself) as refused:
        actions.do_add_network(w.cora, w.wales, w.wales, requested=False)
    assert [n.slug for n in refused.value.cycle] == ["wales", "wales"]


def test_a_member_network_cannot_contain_its_parent(networks):
    w = networks
    before = NetworkMember.objects.count()
    with pytest.raises(actions.WouldContainItself) as refused:
        actions.do_add_network(w.nia, w.north, w.wales, requested=False)
    assert [n.slug for n in refused.value.cycle] == ["north", "wales", "north"]
    assert NetworkMember.objects.count() == before


def test_a_deep_cycle_is_refused_whichever_side_asks(networks):
    """wales ⊃ north ⊃ a ⊃ b ⊃ c: c may not contain wales, by invitation or by request."""
    w = networks
    chain = [w.north]
    for slug in ("a", "b", "c"):
        network = make_network(slug, slug.upper(), slug.upper(), w.nia)
        join(chain[-1], member_network=network)
        chain.append(network)
    c = chain[-1]
    with pytest.raises(actions.WouldContainItself) as refused:
        actions.do_add_network(w.nia, c, w.wales, requested=False)
    assert [n.slug for n in refused.value.cycle] == ["c", "wales", "north", "a", "b", "c"]
    with pytest.raises(actions.WouldContainItself):
        actions.do_add_network(w.cora, c, w.wales, requested=True)
    # A network beside the chain may join: no cycle.
    d = make_network("d", "D", "D", w.nia)
    actions.do_add_network(w.nia, c, d, requested=False)


def test_pending_invitations_count_so_crossed_invitations_cannot_close_a_cycle(networks):
    w = networks
    x = make_network("x", "X", "X", w.cora)
    actions.do_add_network(w.cora, x, w.wales, requested=False)  # wales invited into x, not yet accepted
    with pytest.raises(actions.WouldContainItself):
        actions.do_add_network(w.cora, w.wales, x, requested=False)


def test_the_page_refuses_a_cycle_with_a_message(networks, as_user):
    w = networks
    client = as_user(w.nia)
    response = client.post("/staff/networks/north/", {"form": "invite_network", "net-network": w.wales.pk})
    assert response.status_code == 400
    assert "A network cannot contain itself" in response.content.decode()
    assert "North Wales Network → Co-production Wales → North Wales Network" in response.content.decode()
    assert not NetworkMember.objects.filter(network=w.north, member_network=w.wales).exists()
