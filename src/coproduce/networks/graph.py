"""The network of networks as a graph, read set-based: one query for every network-in-network edge, then plain
Python. Networks are few (tens, perhaps hundreds), so reading all edges is cheaper than a query per level."""

from __future__ import annotations

from collections import deque

from coproduce.networks.models import Network, NetworkMember


def children(active_only: bool) -> dict[int, list[int]]:
    """Each network's member networks (parent id -> child ids): active ones, or every pending one too."""
    rows = NetworkMember.objects.filter(member_network__isnull=False)
    if active_only:
        rows = rows.filter(status=NetworkMember.Status.ACTIVE)
    graph: dict[int, list[int]] = {}
    for parent, child in rows.order_by("pk").values_list("network_id", "member_network_id"):
        graph.setdefault(parent, []).append(child)
    return graph


def path_down(start: int, target: int, graph: dict[int, list[int]]) -> list[int] | None:
    """The chain of networks from `start` down to `target` through member networks, or None (breadth first, so the
    shortest chain)."""
    came_from: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for child in graph.get(node, ()):
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    return None


def cycle_if_added(parent: Network, child: Network) -> list[Network] | None:
    """The networks a cycle would run through if `child` joined `parent`, or None when it may join.

    `child` joining `parent` closes a cycle when `parent` is `child` or is reachable down from `child`. Pending
    invitations and requests count as edges too: two crossed invitations must not both be accepted.
    """
    path = path_down(child.pk, parent.pk, children(active_only=False))
    if path is None:
        return None
    by_id = Network.objects.in_bulk(path)
    return [parent] + [by_id[pk] for pk in path]


def descendants(network: Network) -> list[int]:
    """The active member networks of `network`, and theirs, all the way down (breadth first, without `network`)."""
    graph = children(active_only=True)
    seen = {network.pk}
    order: list[int] = []
    queue = deque([network.pk])
    while queue:
        for child in graph.get(queue.popleft(), ()):
            if child not in seen:
                seen.add(child)
                order.append(child)
                queue.append(child)
    return order


def ancestors_and_self(network_ids: set[int]) -> set[int]:
    """These networks and every network that contains one of them, actively, at any depth."""
    graph = children(active_only=True)
    parents: dict[int, list[int]] = {}
    for parent, kids in graph.items():
        for kid in kids:
            parents.setdefault(kid, []).append(parent)
    seen = set(network_ids)
    queue = deque(network_ids)
    while queue:
        for parent in parents.get(queue.popleft(), ()):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return seen


def member_organisation_ids(network: Network) -> dict[int, int]:
    """Every organisation in the network, directly or through its member networks: organisation id -> the id of
    the network it is a direct member of (the nearest one: breadth first). Two queries."""
    order = [network.pk, *descendants(network)]
    rank = {pk: i for i, pk in enumerate(order)}
    found: dict[int, int] = {}
    rows = NetworkMember.objects.filter(
        network_id__in=order, organisation__isnull=False, status=NetworkMember.Status.ACTIVE
    ).values_list("organisation_id", "network_id")
    for organisation_id, network_id in sorted(rows, key=lambda row: rank[row[1]]):
        found.setdefault(organisation_id, network_id)
    return found
