"""The scheduler's hard constraints always hold (property tests), and its time bound is kept by behaviour: with a
time limit of 0 it returns the greedy grid."""

from __future__ import annotations

import itertools
import sys
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.events.scheduler import (
    Room,
    ScheduleError,
    Session,
    _fill_and_place,
    _greedy,
    _keys,
    _problem,
    _tabu,
    clash_lower_bound,
    generate_day,
    measure,
    schedule,
)


@st.composite
def days(draw: st.DrawFn) -> tuple[list[Session], list[Room], list[str]]:
    n_rooms = draw(st.integers(1, 4))
    n_slots = draw(st.integers(1, 4))
    n = draw(st.integers(0, 14))
    people = [f"p{i}" for i in range(draw(st.integers(1, 12)))]
    rooms = [Room(f"r{j}", draw(st.integers(1, 20))) for j in range(n_rooms)]
    slots = [f"t{k}" for k in range(n_slots)]
    places = [(s, r.key) for s in slots for r in rooms]
    pinnable = draw(st.lists(st.sampled_from(places), unique=True, max_size=min(3, len(places))))
    sessions = []
    pinned_hosts: set[tuple[str, str]] = set()
    for i in range(n):
        host = draw(st.sampled_from(people))
        pin = pinnable[i] if i < len(pinnable) else None
        if pin is not None and (host, pin[0]) in pinned_hosts:
            pin = None
        if pin is not None:
            pinned_hosts.add((host, pin[0]))
        interested = frozenset(draw(st.lists(st.sampled_from(people), unique=True)))
        sessions.append(Session(f"s{i}", frozenset({host}), interested, pin))
    return sessions, rooms, slots


def assert_hard_constraints(sessions: list[Session], rooms: list[Room], slots: list[str], placements: dict) -> None:
    by_key = {s.key: s for s in sessions}
    places = list(placements.values())
    assert len(places) == len(set(places)), "two sessions in one place"
    assert {s for s, _r in places} <= set(slots) and {r for _s, r in places} <= {r.key for r in rooms}
    hosts_at = Counter((h, slot) for key, (slot, _room) in placements.items() for h in by_key[key].hosts)
    assert all(n == 1 for n in hosts_at.values()), "a host in two places at once"
    for session in sessions:
        if session.pinned is not None:
            assert placements[session.key] == session.pinned, "a pinned session moved"
    # Every place filled while pitches remain that could go there.
    for slot in slots:
        used = sum(1 for s, _r in places if s == slot)
        if used < len(rooms):
            for session in sessions:
                if session.key not in placements:
                    assert session.hosts & {h for (h, s) in hosts_at if s == slot}, "an empty place a pitch could fill"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.sampled_from([0.0, 0.3]))
def test_hard_constraints_always_hold(day: tuple, time_limit: float) -> None:
    sessions, rooms, slots = day
    grid = schedule(sessions, rooms, slots, time_limit=time_limit)
    assert_hard_constraints(sessions, rooms, slots, grid.placements)
    assert set(grid.unscheduled) == {s.key for s in sessions} - set(grid.placements)
    # Interest in sessions left out is reported.
    assert grid.measures.unscheduled_interest == sum(len(s.interested) for s in sessions if s.key in grid.unscheduled)


@pytest.mark.parametrize("size", [(30, 4, 3), (60, 6, 4)])
def test_a_zero_time_limit_returns_the_greedy_grid(size: tuple[int, int, int]) -> None:
    sessions, rooms, slots = generate_day(3, *size)
    greedy = schedule(sessions, rooms, slots, method="greedy")
    bounded = schedule(sessions, rooms, slots, time_limit=0)
    assert bounded.method == "greedy"
    assert bounded.placements == greedy.placements
    assert_hard_constraints(sessions, rooms, slots, bounded.placements)


def test_the_optimised_grid_is_never_worse_than_the_greedy() -> None:
    sessions, rooms, slots = generate_day(1, 30, 4, 3)
    greedy = schedule(sessions, rooms, slots, method="greedy")
    optimised = schedule(sessions, rooms, slots, time_limit=0.5)
    assert_hard_constraints(sessions, rooms, slots, optimised.placements)
    assert optimised.measures.scheduled == greedy.measures.scheduled == 12
    assert optimised.measures.clashes + optimised.measures.turned_away <= (
        greedy.measures.clashes + greedy.measures.turned_away
    )


def test_greedy_puts_the_most_wanted_in_the_biggest_room_and_avoids_clashes() -> None:
    rooms = [Room("small", 5), Room("hall", 50)]
    a = Session("a", frozenset({"h1"}), frozenset({"p1", "p2", "p3"}))
    b = Session("b", frozenset({"h2"}), frozenset({"p1", "p2"}))
    c = Session("c", frozenset({"h3"}), frozenset({"p9"}))
    grid = schedule([a, b, c], rooms, ["morning", "afternoon"], method="greedy")
    assert grid.placements["a"] == ("morning", "hall")
    assert grid.placements["b"][0] == "afternoon"  # wanted by a's people: not at the same time
    assert grid.measures.clashes == 0


def test_clashes_are_counted_per_person() -> None:
    rooms = [Room("r1", 10), Room("r2", 10), Room("r3", 10)]
    sessions = [Session(k, frozenset({k}), frozenset({"p"})) for k in "abc"]
    placements = {"a": ("t", "r1"), "b": ("t", "r2"), "c": ("t", "r3")}
    measures = measure(sessions, rooms, ["t"], placements)
    assert measures.clashes == 2  # p can attend one of the three
    assert measures.clashes_per_person == 2.0


def test_contradictory_pins_are_refused() -> None:
    rooms = [Room("r", 10)]
    sessions = [Session("a", pinned=("t", "r")), Session("b", pinned=("t", "r"))]
    with pytest.raises(ScheduleError):
        schedule(sessions, rooms, ["t"])


def test_the_clash_lower_bound_is_below_every_grid_and_exact_when_proven():
    """The benchmark's "best possible": never above the clashes of a grid of the same sessions, and on a day small
    enough to solve, the optimum itself (one person wanting three sessions in two slots clashes at least once)."""
    sessions = [Session(key=k, hosts=frozenset({f"h{k}"}), interested=frozenset({"p"})) for k in "abc"]
    bound = clash_lower_bound(sessions, [Room("r1", 10), Room("r2", 10)], ["t1", "t2"], {"a", "b", "c"}, 5)
    assert (bound.clashes, bound.proven, bound.pigeonhole) == (1, True, 1)
    day = generate_day(0, 30, 4, 3)
    for method in ("greedy", "optimised"):
        grid = schedule(*day, method=method)
        found = clash_lower_bound(*day, set(grid.placements), 5)
        assert found.pigeonhole <= found.clashes <= grid.measures.clashes + 1e-6


def _optimum_by_brute_force(sessions: list[Session], rooms: list[Room], slots: list[str], keys: set) -> int:
    """The fewest clashes of any grid of the sessions `keys` (hosts, pins and room counts kept), by trying every
    assignment of them to slots: only for tiny days."""
    chosen = [s for s in sessions if s.key in keys]
    best = None
    for assignment in itertools.product(range(len(slots)), repeat=len(chosen)):
        if any(s.pinned is not None and slots[k] != s.pinned[0] for s, k in zip(chosen, assignment, strict=True)):
            continue
        if any(n > len(rooms) for n in Counter(assignment).values()):
            continue
        hosts = Counter((h, k) for s, k in zip(chosen, assignment, strict=True) for h in s.hosts)
        if any(n > 1 for n in hosts.values()):
            continue
        wanted = Counter((p, k) for s, k in zip(chosen, assignment, strict=True) for p in s.interested)
        clashes = sum(n - 1 for n in wanted.values())
        best = clashes if best is None else min(best, clashes)
    assert best is not None
    return best


@st.composite
def tiny_days(draw: st.DrawFn) -> tuple[list[Session], list[Room], list[str]]:
    n_rooms, n_slots = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    people = [f"p{i}" for i in range(draw(st.integers(1, 6)))]
    hosts = [f"h{i}" for i in range(draw(st.integers(1, 6)))]
    sessions = [
        Session(
            f"s{i}",
            frozenset({draw(st.sampled_from(hosts))}),
            frozenset(draw(st.lists(st.sampled_from(people), unique=True))),
        )
        for i in range(draw(st.integers(2, 7)))
    ]
    return sessions, [Room(f"r{j}", 10) for j in range(n_rooms)], [f"t{k}" for k in range(n_slots)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_days())
def test_the_clash_lower_bound_never_exceeds_the_optimum_and_is_it_when_proven(day: tuple) -> None:
    """The benchmark's claim "no grid of these sessions does better" must be true: checked against every grid of
    tiny days (hosts shared, so the host rows count too)."""
    sessions, rooms, slots = day
    keys = set(schedule(sessions, rooms, slots, method="greedy").placements)
    optimum = _optimum_by_brute_force(sessions, rooms, slots, keys)
    bound = clash_lower_bound(sessions, rooms, slots, keys, 5)
    assert bound.pigeonhole <= bound.clashes <= optimum
    if bound.proven:
        assert bound.clashes == optimum


def test_the_clash_lower_bound_keeps_pins_and_works_without_scipys_private_highs(monkeypatch) -> None:
    """Pins are part of the bound (two sessions one person wants, pinned to one slot, clash), and when SciPy's
    private HiGHS object is missing the bound comes from `milp`, the same."""
    rooms = [Room("r1", 10), Room("r2", 10)]
    sessions = [
        Session("a", frozenset({"ha"}), frozenset({"p", "q"}), ("t1", "r1")),
        Session("b", frozenset({"hb"}), frozenset({"p"}), ("t1", "r2")),
        Session("c", frozenset({"hc"}), frozenset({"q"})),
        Session("d", frozenset({"hd"}), frozenset({"r"})),
    ]
    slots = ["t1", "t2"]
    keys = {"a", "b", "c", "d"}
    with_highs = clash_lower_bound(sessions, rooms, slots, keys, 5)
    assert (with_highs.clashes, with_highs.proven) == (1, True)  # p clashes; c goes to t2, away from a
    monkeypatch.setitem(sys.modules, "scipy.optimize._highspy._core", None)  # importing it now fails
    without = clash_lower_bound(sessions, rooms, slots, keys, 5)
    assert (without.clashes, without.proven) == (1, True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_the_tabu_search_keeps_every_hard_constraint(day: tuple) -> None:
    """The tabu search is called directly (on small days the integer program proves its grid optimal and the search
    is skipped): whatever it walks through, the grid it returns keeps hosts, pins and rooms a slot, schedules the
    same sessions, and has no more clashes than the grid it started from."""
    sessions, rooms, slots = day
    problem = _problem(sessions, rooms, slots)
    start = {i: k for i, (k, _j) in _greedy(problem).items()}
    result = _tabu(problem, start, time.perf_counter() + 0.05)
    assert set(result) == set(start)
    assert all(result[i] == problem.pinned[i][0] for i in problem.pinned if i in start)
    assert all(n <= len(rooms) for n in Counter(result.values()).values())
    hosts = Counter((h, k) for i, k in result.items() for h in sessions[i].hosts)
    assert all(n == 1 for n in hosts.values())
    placements = _keys(problem, _fill_and_place(problem, dict(result)))
    assert_hard_constraints(sessions, rooms, slots, placements)

    def clashes(chosen: dict[int, int]) -> int:
        wanted = Counter((p, k) for i, k in chosen.items() for p in sessions[i].interested)
        return sum(n - 1 for n in wanted.values())

    assert clashes(result) <= clashes(start)


def test_the_tabu_search_finds_fewer_clashes_than_the_greedy_on_a_generated_day() -> None:
    """Not a property but the point of it: on a 60-pitch day the greedy's slots have clashes the search removes."""
    sessions, rooms, slots = generate_day(0, 60, 6, 4)
    problem = _problem(sessions, rooms, slots)
    start = {i: k for i, (k, _j) in _greedy(problem).items()}
    result = _tabu(problem, start, time.perf_counter() + 0.5)
    before = measure(sessions, rooms, slots, _keys(problem, _fill_and_place(problem, dict(start))))
    after = measure(sessions, rooms, slots, _keys(problem, _fill_and_place(problem, dict(result))))
    assert after.scheduled == before.scheduled
    assert after.clashes < before.clashes
