"""The unconference scheduler: which pitched session goes in which room at which time.

Pure Python, NumPy and SciPy, no Django (the import-linter purity contract holds it), so it can be tested on its own
and benchmarked (`benchmarks/scheduler.py`). See `docs/decisions/0018-events-and-scheduler.md`.

The problem. Sessions have hosts and the people interested in them; a day has time slots and rooms with a capacity;
an organiser may pin a session to a place. Each person attends one session a slot.

Hard constraints, which every grid this module returns keeps:

- every place (slot × room) is filled while pitches remain that could go there (a place stays empty only when every
  unscheduled pitch has a host already busy in that slot);
- no host is in two places at once (two sessions of one host never share a slot);
- a pinned session stays where it was pinned;
- room capacity: no more people are admitted to a room than it holds (those over are "turned away", reported).

Soft aims, the objective: the fewest clashes per person (a wanted session a person cannot attend because another
wanted one runs at the same time), the fewest people turned away by capacity, the most wanted sessions scheduled
and in the biggest rooms.

How. An integer program solved by HiGHS (`scipy.optimize.milp`) chooses each session's slot: binary x[i, s],
continuous z[p, s] >= (number of p's wanted sessions in slot s) - 1, the clashes, and o[s], the interest in slot s
over the slot's total capacity; rooms are then given within each slot by size (the most wanted in the biggest, which
is optimal for a fixed slot), and places left empty are refilled. The solver runs under a time limit; when it has no
solution in time (or the limit is 0) the greedy grid is returned, and the better of the two (by the same measures)
is always kept, so the optimised grid is never worse than the greedy baseline.

The greedy baseline (the issue's definition): sessions by interest, most wanted first; each into the biggest free
room of the slot where it clashes least.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

# What the solver may spend by default (seconds): the grid must come back in under 2 s for 120 pitches.
DEFAULT_TIME_LIMIT = 1.0
# The share of it given to the integer program; the rest polishes its grid.
SOLVER_SHARE = 0.6


class ScheduleError(ValueError):
    """The organiser's pins cannot all hold (two sessions pinned to one place, or one host pinned twice at once)."""


@dataclass(frozen=True)
class Session:
    """A pitched session: who hosts it, who is interested, and where an organiser pinned it (slot, room) if anywhere."""

    key: Hashable
    hosts: frozenset[Hashable] = frozenset()
    interested: frozenset[Hashable] = frozenset()
    pinned: tuple[Hashable, Hashable] | None = None


@dataclass(frozen=True)
class Room:
    key: Hashable
    capacity: int


@dataclass(frozen=True)
class Measures:
    """How good a grid is; the benchmark and the organiser's page report these."""

    clashes: int  # summed over people: wanted sessions a person cannot attend (another wanted one is at that time)
    people: int  # people who showed interest in at least one session
    turned_away: float  # expected people over a room's capacity (each person splits between their wanted sessions)
    scheduled: int
    unscheduled: int
    unscheduled_interest: int  # marks of interest in sessions left out of the grid

    @property
    def clashes_per_person(self) -> float:
        return self.clashes / self.people if self.people else 0.0


@dataclass
class Grid:
    """The result: each scheduled session's (slot, room), the sessions left out, how it was made, and its measures."""

    placements: dict[Hashable, tuple[Hashable, Hashable]]
    unscheduled: list[Hashable]
    method: str  # "optimised" or "greedy"
    measures: Measures
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Problem:
    sessions: Sequence[Session]
    rooms: list[Room]  # biggest first
    slots: list[Hashable]
    demand: np.ndarray  # interest per session
    wants: list[list[int]]  # per person: indices of wanted sessions
    host_sessions: list[list[int]]  # per host with two or more sessions: their indices
    pinned: dict[int, tuple[int, int]]  # session index -> (slot index, room index)


def _problem(sessions: Sequence[Session], rooms: Sequence[Room], slots: Sequence[Hashable]) -> _Problem:
    ordered_rooms = sorted(rooms, key=lambda r: -r.capacity)
    room_index = {r.key: j for j, r in enumerate(ordered_rooms)}
    slot_index = {s: k for k, s in enumerate(slots)}
    people: dict[Hashable, list[int]] = {}
    hosts: dict[Hashable, list[int]] = {}
    pinned: dict[int, tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for i, session in enumerate(sessions):
        for person in session.interested:
            people.setdefault(person, []).append(i)
        for host in session.hosts:
            hosts.setdefault(host, []).append(i)
        if session.pinned is not None:
            slot, room = session.pinned
            if slot not in slot_index or room not in room_index:
                raise ScheduleError("pinned to a slot or room that is not in this grid")
            place = (slot_index[slot], room_index[room])
            if place in taken:
                raise ScheduleError("two sessions are pinned to the same place")
            taken.add(place)
            pinned[i] = place
    for indices in hosts.values():
        pinned_slots = [pinned[i][0] for i in indices if i in pinned]
        if len(pinned_slots) != len(set(pinned_slots)):
            raise ScheduleError("one host is pinned to two places at the same time")
    return _Problem(
        sessions=sessions,
        rooms=ordered_rooms,
        slots=list(slots),
        demand=np.array([len(s.interested) for s in sessions], dtype=float),
        wants=[w for w in people.values()],
        host_sessions=[h for h in hosts.values() if len(h) > 1],
        pinned=pinned,
    )


def measure(
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    slots: Sequence[Hashable],
    placements: dict[Hashable, tuple[Hashable, Hashable]],
) -> Measures:
    """Clashes per person, people turned away and interest left out, for any grid (the greedy's or the solver's)."""
    capacity = {r.key: r.capacity for r in rooms}
    by_key = {s.key: s for s in sessions}
    per_person_slot: dict[tuple[Hashable, Hashable], int] = {}
    for key, (slot, _room) in placements.items():
        for person in by_key[key].interested:
            per_person_slot[(person, slot)] = per_person_slot.get((person, slot), 0) + 1
    clashes = sum(n - 1 for n in per_person_slot.values() if n > 1)
    turned_away = 0.0
    for key, (slot, room) in placements.items():
        attending = sum(1.0 / per_person_slot[(person, slot)] for person in by_key[key].interested)
        turned_away += max(0.0, attending - capacity[room])
    people = {p for s in sessions for p in s.interested}
    left = [s for s in sessions if s.key not in placements]
    return Measures(
        clashes=clashes,
        people=len(people),
        turned_away=round(turned_away, 2),
        scheduled=len(placements),
        unscheduled=len(left),
        unscheduled_interest=sum(len(s.interested) for s in left),
    )


def _slot_of(problem: _Problem, chosen: dict[int, int]) -> list[list[int]]:
    by_slot: list[list[int]] = [[] for _ in problem.slots]
    for i, k in chosen.items():
        by_slot[k].append(i)
    return by_slot


def _fill_and_place(problem: _Problem, chosen: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Refill empty places with unscheduled pitches, then give rooms within each slot: pinned where pinned, the
    rest most wanted in the biggest free room."""
    n_rooms = len(problem.rooms)
    busy_hosts: list[set[Hashable]] = [set() for _ in problem.slots]
    wanted_in: list[dict[Hashable, int]] = [{} for _ in problem.slots]
    for i, k in chosen.items():
        busy_hosts[k].update(problem.sessions[i].hosts)
        for person in problem.sessions[i].interested:
            wanted_in[k][person] = wanted_in[k].get(person, 0) + 1
    counts = [0] * len(problem.slots)
    for k in chosen.values():
        counts[k] += 1
    left = sorted((i for i in range(len(problem.sessions)) if i not in chosen), key=lambda i: (-problem.demand[i], i))
    for i in left:
        session = problem.sessions[i]
        options = [k for k in range(len(problem.slots)) if counts[k] < n_rooms and not (session.hosts & busy_hosts[k])]
        if not options:
            continue
        k = min(options, key=lambda k: (sum(1 for p in session.interested if wanted_in[k].get(p)), counts[k], k))
        chosen[i] = k
        counts[k] += 1
        busy_hosts[k].update(session.hosts)
        for person in session.interested:
            wanted_in[k][person] = wanted_in[k].get(person, 0) + 1
    places: dict[int, tuple[int, int]] = {}
    for k, members in enumerate(_slot_of(problem, chosen)):
        free = [j for j in range(n_rooms) if (k, j) not in problem.pinned.values()]
        for i in members:
            if i in problem.pinned:
                places[i] = problem.pinned[i]
        rest = sorted((i for i in members if i not in problem.pinned), key=lambda i: (-problem.demand[i], i))
        for i, j in zip(rest, free, strict=False):
            places[i] = (k, j)
    return places


def _greedy(problem: _Problem) -> dict[int, tuple[int, int]]:
    n_rooms = len(problem.rooms)
    free: list[list[int]] = [list(range(n_rooms)) for _ in problem.slots]  # biggest first
    busy_hosts: list[set[Hashable]] = [set() for _ in problem.slots]
    wanted_in: list[dict[Hashable, int]] = [{} for _ in problem.slots]
    places: dict[int, tuple[int, int]] = {}

    def put(i: int, k: int, j: int) -> None:
        places[i] = (k, j)
        free[k].remove(j)
        busy_hosts[k].update(problem.sessions[i].hosts)
        for person in problem.sessions[i].interested:
            wanted_in[k][person] = wanted_in[k].get(person, 0) + 1

    for i, (k, j) in problem.pinned.items():
        put(i, k, j)
    for i in sorted(range(len(problem.sessions)), key=lambda i: (-problem.demand[i], i)):
        if i in places:
            continue
        session = problem.sessions[i]
        options = [k for k in range(len(problem.slots)) if free[k] and not (session.hosts & busy_hosts[k])]
        if not options:
            continue
        # The slot where it clashes least; among equals, the one whose biggest free room is biggest, then the earliest.
        k = min(options, key=lambda k: (sum(1 for p in session.interested if wanted_in[k].get(p)), free[k][0], k))
        put(i, k, free[k][0])
    return places


def _optimise(problem: _Problem, selected: list[int], time_limit: float) -> dict[int, int] | None:
    """The integer program over slots for the selected sessions (the ones the grid has room for); None when HiGHS
    finds no solution in time."""
    result = _program(problem, selected, time_limit, overflow_weight=0.5)
    if result.x is None:
        return None
    values = result.x[: len(selected) * len(problem.slots)].reshape(len(selected), len(problem.slots))
    return {i: int(np.argmax(values[q])) for q, i in enumerate(selected)}


@dataclass(frozen=True)
class ClashBound:
    """A lower bound on the clashes (counted per person) of any grid of the given sessions: no grid placing those
    sessions, hosts kept, can have fewer. `proven` when HiGHS proved it is the optimum itself."""

    clashes: float
    proven: bool
    pigeonhole: int  # the part that needs no solver: a person wanting more sessions than there are slots


def clash_lower_bound(
    sessions: Sequence[Session], rooms: Sequence[Room], slots: Sequence[Hashable], keys: set, time_limit: float
) -> ClashBound:
    """For the benchmark: how few clashes any grid of the sessions `keys` could have. The same integer program as
    the scheduler's with clashes alone as its objective, HiGHS's dual bound after `time_limit` seconds, and at least
    the pigeonhole bound (each person attends one session a slot, so one wanting w of these sessions has at least
    w - slots clashes)."""
    problem = _problem(sessions, rooms, slots)
    selected = sorted((i for i, s in enumerate(sessions) if s.key in keys), key=lambda i: (-problem.demand[i], i))
    pigeonhole = sum(max(0, sum(1 for i in wanted if sessions[i].key in keys) - len(slots)) for wanted in problem.wants)
    result = _program(problem, selected, time_limit, overflow_weight=0.0)
    dual = getattr(result, "mip_dual_bound", None)
    dual = float(dual) if dual is not None and np.isfinite(dual) else 0.0
    return ClashBound(max(float(pigeonhole), dual), result.status == 0, pigeonhole)


def _program(problem: _Problem, selected: list[int], time_limit: float, overflow_weight: float) -> OptimizeResult:
    """HiGHS on the slots of the selected sessions: minimise clashes per person plus `overflow_weight` per person
    over a slot's total capacity. Returns SciPy's result (its x is None when no solution was found in time)."""
    n, n_slots, n_rooms = len(selected), len(problem.slots), len(problem.rooms)
    position = {i: q for q, i in enumerate(selected)}
    clashing = [[position[i] for i in w if i in position] for w in problem.wants]
    clashing = [w for w in clashing if len(w) > 1]
    n_x, n_z = n * n_slots, len(clashing) * n_slots
    n_vars = n_x + n_z + n_slots
    slot_capacity = float(sum(r.capacity for r in problem.rooms))
    demand = problem.demand[selected]

    def x(q: int, k: int) -> int:
        return q * n_slots + k

    # Objective: clashes, plus (for the scheduler) half a person for each over a slot's total capacity.
    c = np.zeros(n_vars)
    c[n_x : n_x + n_z] = 1.0
    c[n_x + n_z :] = overflow_weight
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
        for col, val in entries:
            rows.append(len(lower))
            cols.append(col)
            vals.append(val)
        lower.append(lo)
        upper.append(hi)

    for q in range(n):  # each selected session exactly once
        add([(x(q, k), 1.0) for k in range(n_slots)], 1, 1)
    for k in range(n_slots):  # no more sessions in a slot than rooms
        add([(x(q, k), 1.0) for q in range(n)], 0, n_rooms)
    for indices in problem.host_sessions:  # no host in two places
        mine = [position[i] for i in indices if i in position]
        if len(mine) > 1:
            for k in range(n_slots):
                add([(x(q, k), 1.0) for q in mine], 0, 1)
    for w, wanted in enumerate(clashing):  # z[p, k] >= wanted in k - 1
        for k in range(n_slots):
            add([(x(q, k), 1.0) for q in wanted] + [(n_x + w * n_slots + k, -1.0)], -np.inf, 1)
    for k in range(n_slots):  # o[k] >= interest in k - capacity of k
        add([(x(q, k), float(demand[q])) for q in range(n)] + [(n_x + n_z + k, -1.0)], -np.inf, slot_capacity)

    lb = np.zeros(n_vars)
    ub = np.full(n_vars, np.inf)
    ub[:n_x] = 1
    for i, (k, _j) in problem.pinned.items():
        if i in position:
            lb[x(position[i], k)] = 1
    if not problem.pinned and n:  # the slots are interchangeable: the most wanted session goes in the first
        lb[x(0, 0)] = 1
    integrality = np.zeros(n_vars)
    integrality[:n_x] = 1
    matrix = sparse.csr_array((vals, (rows, cols)), shape=(len(lower), n_vars))
    return milp(
        c,
        constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"time_limit": max(time_limit, 0.01), "disp": False},
    )


def _polish(problem: _Problem, chosen: dict[int, int], deadline: float) -> dict[int, int]:
    """Local search on the slots: move a session to a slot with a free room, or swap two sessions' slots, whenever
    that lowers the clashes (hosts and pins kept), until nothing improves or the time is up."""
    chosen = dict(chosen)
    n, n_slots, n_rooms = len(problem.sessions), len(problem.slots), len(problem.rooms)
    people = len(problem.wants)
    if not chosen or not people:
        return chosen
    wants = np.zeros((people, n), dtype=np.int32)
    for p, wanted in enumerate(problem.wants):
        wants[p, wanted] = 1
    counts = np.zeros((people, n_slots), dtype=np.int32)
    for i, k in chosen.items():
        counts[:, k] += wants[:, i]
    members: list[list[int]] = [[] for _ in problem.slots]
    for i, k in chosen.items():
        members[k].append(i)
    hosts_in: list[dict[Hashable, int]] = [{} for _ in problem.slots]
    for i, k in chosen.items():
        for h in problem.sessions[i].hosts:
            hosts_in[k][h] = hosts_in[k].get(h, 0) + 1

    def clash(column: np.ndarray) -> np.ndarray:
        return np.maximum(column - 1, 0).sum(axis=0)

    def hosts_free(i: int, k: int, leaving: int | None) -> bool:
        gone = problem.sessions[leaving].hosts if leaving is not None else frozenset()
        return all(hosts_in[k].get(h, 0) - (1 if h in gone else 0) == 0 for h in problem.sessions[i].hosts)

    def move(i: int, a: int, b: int) -> None:
        counts[:, a] -= wants[:, i]
        counts[:, b] += wants[:, i]
        members[a].remove(i)
        members[b].append(i)
        chosen[i] = b
        for h in problem.sessions[i].hosts:
            hosts_in[a][h] -= 1
            hosts_in[b][h] = hosts_in[b].get(h, 0) + 1

    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for i in list(chosen):
            if i in problem.pinned or time.perf_counter() >= deadline:
                continue
            a = chosen[i]
            before_a = clash(counts[:, a])
            for b in range(n_slots):
                if b == a:
                    continue
                without_i = counts[:, a] - wants[:, i]
                with_i = counts[:, b] + wants[:, i]
                now = before_a + clash(counts[:, b])
                if len(members[b]) < n_rooms and hosts_free(i, b, None):
                    if clash(without_i) + clash(with_i) < now:
                        move(i, a, b)
                        improved = True
                        break
                others = [j for j in members[b] if j not in problem.pinned]
                if not others:
                    continue
                block = wants[:, others]
                after = clash(without_i[:, None] + block) + clash(with_i[:, None] - block)
                best = int(np.argmin(after))
                if after[best] < now:
                    j = others[best]
                    if hosts_free(i, b, j) and hosts_free(j, a, i):
                        move(i, a, b)
                        move(j, b, a)
                        improved = True
                        break
    return chosen


def _keys(problem: _Problem, places: dict[int, tuple[int, int]]) -> dict[Hashable, tuple[Hashable, Hashable]]:
    return {problem.sessions[i].key: (problem.slots[k], problem.rooms[j].key) for i, (k, j) in places.items()}


def _better(a: Measures, b: Measures) -> bool:
    """Is grid a better than grid b? More sessions scheduled first, then fewer clashes and people turned away."""
    return (-a.scheduled, a.clashes + a.turned_away) < (-b.scheduled, b.clashes + b.turned_away)


def schedule(
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    slots: Sequence[Hashable],
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    method: str = "optimised",
) -> Grid:
    """Build the grid. `time_limit` bounds the solver (seconds; 0 returns the greedy grid). `method="greedy"` returns
    the baseline. Raises ScheduleError when the pins contradict each other."""
    started = time.perf_counter()
    problem = _problem(sessions, rooms, slots)

    def grid(places: dict[int, tuple[int, int]], how: str, notes: list[str]) -> Grid:
        placements = _keys(problem, places)
        return Grid(
            placements=placements,
            unscheduled=[s.key for s in sessions if s.key not in placements],
            method=how,
            measures=measure(sessions, rooms, slots, placements),
            seconds=time.perf_counter() - started,
            notes=notes,
        )

    greedy = grid(_greedy(problem), "greedy", [])
    if method == "greedy" or time_limit <= 0 or not sessions or not rooms or not slots:
        return greedy
    deadline = started + time_limit
    notes: list[str] = []
    # Which sessions: the greedy's choice (the most wanted that fit, hosts and pins kept); where: the solver's.
    baseline = {i: k for i, (k, _j) in _greedy(problem).items()}
    selected = sorted(baseline, key=lambda i: (-problem.demand[i], i))
    chosen = _optimise(problem, selected, SOLVER_SHARE * time_limit - (time.perf_counter() - started))
    if chosen is None:
        notes.append("The solver found no grid in time: the greedy grid, improved.")
        chosen = baseline
    optimised = grid(_fill_and_place(problem, _polish(problem, chosen, deadline)), "optimised", notes)
    if _better(greedy.measures, optimised.measures):
        greedy.notes.append("The solver's grid was no better than the greedy grid in the time allowed.")
        return greedy
    return optimised


def generate_day(
    seed: int, pitches: int, n_rooms: int, n_slots: int, people: int | None = None
) -> tuple[list[Session], list[Room], list[str]]:
    """A made-up unconference day with realistic interest, for the benchmark and the tests.

    About three people per pitch (at least 80); sessions fall into themes, each person follows one or two themes and
    marks from 2 sessions to one more than there are slots, mostly from their themes, the popular ones more often (popularity is log-normal, so a few
    sessions draw a crowd). Rooms: one big hall, the rest smaller. One host in ten pitches a second session.
    """
    rng = np.random.default_rng(seed)
    n_people = people or max(80, 3 * pitches)
    themes = max(3, pitches // 8)
    theme_of = rng.integers(0, themes, size=pitches)
    popularity = rng.lognormal(0.0, 0.8, size=pitches)
    hosts = [int(h) for h in rng.choice(n_people, size=pitches, replace=True)]
    for i in range(1, pitches):
        if rng.random() < 0.1:
            hosts[i] = hosts[i - 1]
    interested: list[set[int]] = [set() for _ in range(pitches)]
    for person in range(n_people):
        liked = set(rng.choice(themes, size=int(rng.integers(1, 3)), replace=False).tolist())
        weights = popularity * np.where(np.isin(theme_of, list(liked)), 6.0, 1.0)
        marks = min(pitches, int(rng.integers(2, n_slots + 2)))
        for i in rng.choice(pitches, size=marks, replace=False, p=weights / weights.sum()):
            interested[int(i)].add(person)
    sessions = [
        Session(key=f"s{i}", hosts=frozenset({f"p{hosts[i]}"}), interested=frozenset(f"p{p}" for p in interested[i]))
        for i in range(pitches)
    ]
    per_slot = n_people / 1.0
    big = int(per_slot * 0.3)
    rest = rng.dirichlet(np.ones(n_rooms - 1) * 3) * per_slot * 0.8 if n_rooms > 1 else np.array([])
    rooms = [Room("r0", max(10, big))] + [Room(f"r{j + 1}", max(8, int(c))) for j, c in enumerate(rest)]
    return sessions, rooms, [f"t{k}" for k in range(n_slots)]
