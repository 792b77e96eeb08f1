"""Pairwise prioritisation maths: a regularised Bradley–Terry model, adaptive pairing, and a simulation.

Pure Python on NumPy: imports nothing from Django, like the common-ground engine, so it can be tested, benchmarked
and reused alone. The web app (coproduce.proposals) turns database rows into the plain inputs used here.
"""

from coproduce.pairwise.bradley_terry import Comparison, Scores, fit
from coproduce.pairwise.pairing import choose_pair
from coproduce.pairwise.simulation import kendall_tau, simulate

__all__ = ["Comparison", "Scores", "choose_pair", "fit", "kendall_tau", "simulate"]
