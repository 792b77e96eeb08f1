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
is optimal for a fixed slot), and places left empty are refilled. Unless HiGHS proved its grid optimal, a tabu
search over swaps and moves of sessions between slots (`_tabu`, exact changes in clashes from a few NumPy matrix
products a step) uses the rest of the time: it finds most of the improvement on the bigger days, where the slots'
symmetry leaves HiGHS little in a second. The solver runs under a time limit; when it has no
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


def _optimise(problem: _Problem, selected: list[int], time_limit: float) -> tuple[dict[int, int] | None, bool]:
    """The integer program over slots for the selected sessions (the ones the grid has room for): their slots (None
    when HiGHS finds no solution in time), and whether HiGHS proved them optimal."""
    result = _program(problem, selected, time_limit, overflow_weight=0.5)
    if result.x is None:
        return None, False
    values = result.x[: len(selected) * len(problem.slots)].reshape(len(selected), len(problem.slots))
    return {i: int(np.argmax(values[q])) for q, i in enumerate(selected)}, result.status == 0


@dataclass(frozen=True)
class ClashBound:
    """A lower bound on the clashes (counted per person) of any grid of the given sessions: no grid placing those
    sessions, hosts and pins kept, can have fewer. `proven` when HiGHS proved it is the optimum itself."""

    clashes: float
    proven: bool
    pigeonhole: int  # the part that needs no solver: a person wanting more sessions than there are slots
    relaxation: float = 0.0  # the cutting-plane LP's value (before branching)


def _balanced_pairs(q: int, n_slots: int) -> int:
    """The fewest pairs sharing a slot when q sessions go into n_slots slots (as evenly as possible)."""
    each, extra = divmod(q, n_slots)
    return (n_slots - extra) * each * (each - 1) // 2 + extra * (each + 1) * each // 2


class _Rows:
    """A growing LP for the bound: HiGHS kept between solves, so each round of cuts re-solves from the last basis
    (dual simplex) instead of from nothing. SciPy exposes HiGHS's object only privately (`_highspy`); when that is
    missing, each solve goes through `scipy.optimize.milp` from scratch (slower, the same bound)."""

    def __init__(self, cost: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> None:
        self.cost, self.lb, self.ub = cost, lb, ub
        self.rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []
        self.highs = None
        try:
            from scipy.optimize._highspy._core import _Highs  # noqa: PLC0415 (optional, private)

            self.highs = _Highs()
            self.highs.setOptionValue("output_flag", False)
            self.highs.addVars(len(cost), lb, ub)
            self.highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
        except (ImportError, AttributeError):  # pragma: no cover - depends on SciPy's internals
            self.highs = None

    def add(self, rows: list[tuple[np.ndarray, np.ndarray, float, float]]) -> None:
        self.rows.extend(rows)
        if self.highs is None or not rows:
            return
        lo = np.clip(np.array([r[2] for r in rows], dtype=float), -1e30, 1e30)
        hi = np.clip(np.array([r[3] for r in rows], dtype=float), -1e30, 1e30)
        starts = np.cumsum([0] + [len(r[0]) for r in rows[:-1]]).astype(np.int32)
        index = np.concatenate([r[0] for r in rows]).astype(np.int32)
        values = np.concatenate([r[1] for r in rows]).astype(float)
        self.highs.addRows(len(rows), lo, hi, len(index), starts, index, values)

    def solve(self, integer: int, time_limit: float) -> tuple[bool, float, float, np.ndarray | None]:
        """(solved to optimality, objective, dual bound, x). `integer`: how many leading columns are integral."""
        if self.highs is not None:
            from scipy.optimize._highspy._core import HighsModelStatus  # noqa: PLC0415

            if integer:
                self.highs.changeColsIntegrality(
                    integer, np.arange(integer, dtype=np.int32), np.ones(integer, dtype=np.uint8)
                )
            self.highs.setOptionValue("time_limit", max(time_limit, 0.05))
            self.highs.run()
            info = self.highs.getInfo()
            optimal = self.highs.getModelStatus() == HighsModelStatus.kOptimal
            x = np.array(self.highs.getSolution().col_value) if info.primal_solution_status else None
            dual = info.mip_dual_bound if integer else (info.objective_function_value if optimal else 0.0)
            return optimal, info.objective_function_value, dual, x
        row = np.concatenate([np.full(len(r[0]), k) for k, r in enumerate(self.rows)])  # never empty: the base rows
        col = np.concatenate([r[0] for r in self.rows])
        val = np.concatenate([r[1] for r in self.rows])
        matrix = sparse.csr_array((val, (row, col)), shape=(len(self.rows), len(self.cost)))
        integrality = np.zeros(len(self.cost))
        integrality[:integer] = 1
        result = milp(
            self.cost,
            constraints=LinearConstraint(matrix, [r[2] for r in self.rows], [r[3] for r in self.rows]),
            integrality=integrality,
            bounds=Bounds(self.lb, self.ub),
            options={"time_limit": max(time_limit, 0.05), "disp": False},
        )
        dual = getattr(result, "mip_dual_bound", None) if integer else (result.fun if result.status == 0 else 0.0)
        return result.status == 0, result.fun, dual if dual is not None else 0.0, result.x


def clash_lower_bound(
    sessions: Sequence[Session], rooms: Sequence[Room], slots: Sequence[Hashable], keys: set, time_limit: float
) -> ClashBound:
    """For the benchmark (never the product): how few clashes any grid of the sessions `keys` could have.

    The scheduler's program (x[i, slot]) is useless for this: the slots are interchangeable, so its LP relaxation
    spreads every session evenly and proves nothing beyond the pigeonhole bound. This one has no slots at all:
    y[i, j] = 1 when sessions i and j share a slot, the clashes of a person exactly as the sum, over their wanted
    sessions in some order, of "shares a slot with an earlier one" (c[p, i] >= y[i, j]), each session with at most
    rooms - 1 others (exactly that many when the grid is full), hosts and pins fixed. Cutting planes are added while
    the LP violates them: triangles (y[i, j] + y[j, k] - y[i, k] <= 1, "sharing a slot" is an equivalence) and, for
    sets of q sessions found greedily, at least the pairs that q sessions in that many slots must share. Every LP
    on the way is a relaxation of the grids, so its value is a lower bound; then HiGHS branches for what time is
    left and its dual bound counts too. Clashes are whole numbers, so the bound is rounded up. At least the
    pigeonhole bound (one wanting w of these sessions has at least w - slots clashes)."""
    started = time.perf_counter()
    deadline = started + time_limit
    problem = _problem(sessions, rooms, slots)
    selected = [i for i, s in enumerate(sessions) if s.key in keys]
    n, n_slots, n_rooms = len(selected), len(slots), len(rooms)
    pigeonhole = sum(max(0, sum(1 for i in wanted if sessions[i].key in keys) - n_slots) for wanted in problem.wants)
    if n < 2 or n_slots < 1:
        return ClashBound(float(pigeonhole), True, pigeonhole)
    position = {i: q for q, i in enumerate(selected)}
    upper = np.triu_indices(n, 1)
    n_y = len(upper[0])
    pair = np.zeros((n, n), dtype=np.int64)
    pair[upper] = np.arange(n_y)
    pair[(upper[1], upper[0])] = np.arange(n_y)
    wanted = [sorted(position[i] for i in w if i in position) for w in problem.wants]
    wanted = [w for w in wanted if len(w) > 1]
    later = [(p, w[a], w[:a]) for p, w in enumerate(wanted) for a in range(1, len(w))]  # c[p, i]: i after others
    n_vars = n_y + len(later)
    lb, ub = np.zeros(n_vars), np.ones(n_vars)
    for indices in problem.host_sessions:
        mine = [position[i] for i in indices if i in position]
        for a in mine:
            for b in mine:
                if a < b:
                    ub[pair[a, b]] = 0
    pinned = [(position[i], k) for i, (k, _j) in problem.pinned.items() if i in position]
    for a, ka in pinned:
        for b, kb in pinned:
            if a < b:
                (lb if ka == kb else ub)[pair[a, b]] = 1 if ka == kb else 0
    cost = np.zeros(n_vars)
    cost[n_y:] = 1.0
    lp = _Rows(cost, lb, ub)
    full = n == n_slots * n_rooms
    rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    for i in range(n):
        others = np.array([pair[i, j] for j in range(n) if j != i])
        rows.append((others, np.ones(n - 1), float(n_rooms - 1 if full else 0), float(n_rooms - 1)))
    rows.append((np.arange(n_y), np.ones(n_y), float(_balanced_pairs(n, n_slots)), np.inf))
    per_person: dict[int, list[int]] = {}
    for t, (p, i, earlier) in enumerate(later):
        for j in earlier:
            rows.append((np.array([n_y + t, pair[i, j]]), np.array([1.0, -1.0]), 0.0, np.inf))
        per_person.setdefault(p, []).append(n_y + t)
    for p, columns in per_person.items():
        if len(wanted[p]) > n_slots:
            rows.append((np.array(columns), np.ones(len(columns)), float(len(wanted[p]) - n_slots), np.inf))
    lp.add(rows)
    best = relaxation = float(pigeonhole)
    history: list[float] = []
    # The cutting planes get most of the time, unless they stall; branching gets the rest.
    while time.perf_counter() < started + 0.7 * time_limit:
        optimal, value, _dual, x = lp.solve(0, deadline - time.perf_counter())
        if not optimal or x is None:
            break
        relaxation = max(relaxation, value)
        history.append(value)
        if len(history) > 6 and history[-1] - history[-6] < 0.002 * max(history[-1], 1.0):
            break
        same = np.zeros((n, n))
        same[upper] = x[:n_y]
        same = same + same.T
        cuts = _triangle_cuts(same, pair) + _clique_cuts(same, pair, n_slots)
        if not cuts:
            break
        lp.add(cuts)
    best = max(best, relaxation)
    proven = False
    if time.perf_counter() < deadline:
        if n <= 30:  # every triangle, so an integral y is a grid and "optimal" means the optimum
            lp.add(_triangle_cuts(np.ones((n, n)) - np.eye(n), pair, every=True))
        optimal, value, dual, x = lp.solve(n_y, deadline - time.perf_counter())
        if dual is not None and np.isfinite(dual):
            best = max(best, float(dual))
        if optimal and x is not None and _is_grid(x[:n_y], upper, n, n_slots, n_rooms):
            best, proven = max(best, float(value)), True
    return ClashBound(float(np.ceil(best - 1e-4)), proven, pigeonhole, relaxation)


def _triangle_cuts(
    same: np.ndarray, pair: np.ndarray, every: bool = False
) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """y[i, j] + y[j, k] - y[i, k] <= 1 where the LP breaks it (the worst first), or all of them."""
    n = len(same)
    excess = same[:, :, None] + same[None, :, :] - same[:, None, :]  # [i, j, k]
    found = np.argwhere(excess > -np.inf if every else excess > 1 + 1e-6)
    found = found[(found[:, 0] < found[:, 2]) & (found[:, 0] != found[:, 1]) & (found[:, 1] != found[:, 2])]
    if not every:
        found = found[np.argsort(-excess[found[:, 0], found[:, 1], found[:, 2]], kind="stable")[: 10 * n]]
    return [
        (np.array([pair[i, j], pair[j, k], pair[i, k]]), np.array([1.0, 1.0, -1.0]), -np.inf, 1.0) for i, j, k in found
    ]


def _clique_cuts(same: np.ndarray, pair: np.ndarray, n_slots: int) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """For each session, grow a set by the session least together with it in the LP; where q sessions share fewer
    pairs than q sessions in n_slots slots must, the set's pairs must add up to at least that (the worst per start)."""
    n = len(same)
    cuts: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, float, float]] = {}
    for start in range(n):
        members, inside = [start], 0.0
        together = same[start].copy()
        together[start] = np.inf
        worst: tuple[float, list[int]] | None = None
        while len(members) < n:
            j = int(np.argmin(together))
            inside += together[j]
            members.append(j)
            together += same[j]
            together[j] = np.inf
            if len(members) > n_slots:
                short = _balanced_pairs(len(members), n_slots) - inside
                if short > 1e-6 and (worst is None or short > worst[0]):
                    worst = (short, list(members))
        if worst is not None:
            key = tuple(sorted(worst[1]))
            if key not in cuts:
                a, b = np.triu_indices(len(key), 1)
                chosen = np.array(key)
                cuts[key] = (
                    pair[chosen[a], chosen[b]],
                    np.ones(len(a)),
                    float(_balanced_pairs(len(key), n_slots)),
                    np.inf,
                )
    return list(cuts.values())


def _is_grid(y: np.ndarray, upper: tuple[np.ndarray, np.ndarray], n: int, n_slots: int, n_rooms: int) -> bool:
    """Is this integral y a partition into at most n_slots groups of at most n_rooms sessions?"""
    same = np.zeros((n, n), dtype=bool)
    same[upper] = y > 0.5
    same = same | same.T | np.eye(n, dtype=bool)
    groups = {tuple(np.flatnonzero(row)) for row in same}
    return (
        all(same[np.ix_(g, g)].all() for g in groups)
        and sum(len(g) for g in groups) == n
        and len(groups) <= n_slots
        and all(len(g) <= n_rooms for g in groups)
    )


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


def _tabu(problem: _Problem, chosen: dict[int, int], deadline: float, seed: int = 0) -> dict[int, int]:
    """Tabu search on the slots (after the integer program): at each step the best swap of two sessions' slots, or
    move of one into a slot with a free room, by its exact change in clashes per person (plus half a person over a
    slot's total capacity, as in the integer program), even when that change is a loss; a session just moved may not
    move again for a few steps unless that gives the best grid yet. Hosts and pins are kept by masks, so every step
    is a grid with the hard constraints. Returns the best grid seen when the time is up.

    Why tabu and not only "improve while you can": the plain descent stops in the first local optimum (a few per cent
    better than the greedy); the deltas for every pair are a few matrix products over people × sessions (why NumPy),
    so thousands of steps fit in the time left and the search walks out of local optima."""
    order = [i for i in chosen]
    n, n_slots, n_rooms = len(order), len(problem.slots), len(problem.rooms)
    if n < 2 or n_slots < 2 or not problem.wants:
        return dict(chosen)
    column = {i: q for q, i in enumerate(order)}
    people = len(problem.wants)
    wants = np.zeros((people, n))
    for p, wanted in enumerate(problem.wants):
        for i in wanted:
            if i in column:
                wants[p, column[i]] = 1.0
    wants = wants[wants.sum(axis=1) > 0]
    demand = problem.demand[order]
    capacity = float(sum(r.capacity for r in problem.rooms))
    shares_host = np.zeros((n, n))
    for indices in problem.host_sessions:
        qs = [column[i] for i in indices if i in column]
        for a in qs:
            for b in qs:
                if a != b:
                    shares_host[a, b] = 1.0
    movable = np.array([i not in problem.pinned for i in order])
    slot = np.array([chosen[i] for i in order])
    rng = np.random.default_rng(seed)
    tabu_until = np.zeros(n, dtype=int)
    in_slot = np.zeros((n, n_slots))
    in_slot[np.arange(n), slot] = 1.0
    counts = wants @ in_slot  # people × slots: wanted sessions of each person in each slot

    def cost() -> float:
        load = demand @ in_slot
        return float(np.maximum(counts - 1, 0).sum() + 0.5 * np.maximum(load - capacity, 0).sum())

    current = best = cost()
    best_slot = slot.copy()
    step = 0
    while time.perf_counter() < deadline:
        step += 1
        one = (counts == 1).astype(float)
        # Moving session q into slot b adds a clash for each person wanting q who already has a session in b, and
        # takes one away for each person wanting q who has another in q's slot.
        adds = wants.T @ (counts >= 1)
        removes = (wants.T @ (counts >= 2))[np.arange(n), slot]
        move = adds - removes[:, None]
        # A swap is the two moves, less the people who want both (for them nothing changes): see the docs.
        both = (wants * one[:, slot]).T @ wants
        swap = move[:, slot] + move[:, slot].T - both - both.T
        load = demand @ in_slot
        over = np.maximum(load - capacity, 0)
        shift = demand[None, :] - demand[:, None]  # [q, r]: load change of q's slot when q and r swap
        swap += 0.5 * (
            np.maximum(load[slot][:, None] + shift - capacity, 0)
            + np.maximum(load[slot][None, :] - shift - capacity, 0)
            - over[slot][:, None]
            - over[slot][None, :]
        )
        host_in = shares_host @ in_slot  # [q, b]: sessions in b sharing a host with q
        allowed = (
            (slot[:, None] != slot[None, :])
            & movable[:, None]
            & movable[None, :]
            & (host_in[:, slot] - shares_host == 0)
            & ((host_in[:, slot] - shares_host).T == 0)
        )
        free_room = in_slot.sum(axis=0) < n_rooms
        move_allowed = movable[:, None] & free_room[None, :] & (host_in == 0) & (in_slot == 0)
        move = move + 0.5 * (
            np.maximum(load[None, :] + demand[:, None] - capacity, 0)
            - over[None, :]
            + np.maximum(load[slot] - demand - capacity, 0)[:, None]
            - over[slot][:, None]
        )
        free = tabu_until < step
        aspire_swap = current + swap < best - 1e-9
        aspire_move = current + move < best - 1e-9
        swap_ok = allowed & ((free[:, None] & free[None, :]) | aspire_swap)
        move_ok = move_allowed & (free[:, None] | aspire_move)
        noise = rng.random(swap.shape) * 1e-3  # ties broken at random, so the walk does not cycle
        swap_score = np.where(swap_ok, swap + noise, np.inf)
        move_score = np.where(move_ok, move + rng.random(move.shape) * 1e-3, np.inf)
        q, r = np.unravel_index(int(np.argmin(swap_score)), swap_score.shape)
        mq, mb = np.unravel_index(int(np.argmin(move_score)), move_score.shape)
        if not np.isfinite(swap_score[q, r]) and not np.isfinite(move_score[mq, mb]):
            if not (tabu_until >= step).any():
                break  # nothing may move at all (pins and hosts)
            tabu_until[:] = 0  # every step was tabu: forget them
            continue
        tenure = 3 + int(rng.integers(0, max(2, n // 6)))
        if move_score[mq, mb] <= swap_score[q, r]:
            a, b = int(slot[mq]), int(mb)
            counts[:, a] -= wants[:, mq]
            counts[:, b] += wants[:, mq]
            in_slot[mq, a], in_slot[mq, b] = 0.0, 1.0
            slot[mq] = b
            current += float(move[mq, mb])
            tabu_until[mq] = step + tenure
        else:
            a, b = int(slot[q]), int(slot[r])
            change = wants[:, r] - wants[:, q]
            counts[:, a] += change
            counts[:, b] -= change
            in_slot[q, a], in_slot[q, b], in_slot[r, b], in_slot[r, a] = 0.0, 1.0, 0.0, 1.0
            slot[q], slot[r] = b, a
            current += float(swap[q, r])
            tabu_until[q] = tabu_until[r] = step + tenure
        if current < best - 1e-9:
            current = cost()  # exact again (the deltas are exact; this keeps rounding from creeping in)
            best, best_slot = current, slot.copy()
    return {i: int(best_slot[q]) for q, i in enumerate(order)}


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
    chosen, proven = _optimise(problem, selected, SOLVER_SHARE * time_limit - (time.perf_counter() - started))
    if chosen is None:
        notes.append("The solver found no grid in time: the greedy grid, improved.")
        chosen = baseline
    elif not proven:  # a proven optimum of the same objective has nothing left for the tabu search to find
        chosen = _tabu(problem, chosen, deadline)
    optimised = grid(_fill_and_place(problem, chosen), "optimised", notes)
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
