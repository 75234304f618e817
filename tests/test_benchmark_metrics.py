"""The benchmarks' round-trip count (benchmarks/round_trips.py) on request logs written by hand.

No timing: every span below is a number chosen to make one shape of run, and the expected count
is read off the drawing next to it.
"""

from __future__ import annotations

from benchmarks.round_trips import Span, critical_path, longest_chain, network_time, round_trips


def spans(*pairs: tuple[float, float]) -> list[Span]:
    return [Span(start, end, f"r{i}") for i, (start, end) in enumerate(pairs)]


def test_requests_in_flight_together_are_one_round_trip() -> None:
    # |----|      three requests sent together, answered in any order
    # |------|
    #  |---|
    assert round_trips(spans((0, 10), (0, 12), (1, 9))) == 1


def test_requests_one_after_another_are_as_many_round_trips() -> None:
    # |--|  |--|  |--|
    assert round_trips(spans((0, 10), (11, 21), (22, 32))) == 3


def test_a_request_sent_the_moment_another_was_answered_waited_for_it() -> None:
    assert round_trips(spans((0, 10), (10, 20))) == 2


def test_the_longest_chain_counts_not_the_first_one_found() -> None:
    # A slow list (0-25) and, beside it, three quick reads one after another: the quick chain is
    # the run's critical path, 3 round trips, although the slow list ends last.
    log = spans((0, 25), (0, 8), (9, 17), (18, 24))
    assert round_trips(log) == 3
    assert [s.label for s in longest_chain(log)] == ["r1", "r2", "r3"]


def test_a_wave_held_back_by_the_concurrency_bound_is_a_round_trip_of_its_own() -> None:
    # Four reads at a concurrency of two: two start, and each of the others takes the slot of the
    # first one answered. Then a read that depended on the second wave.
    log = spans((0, 10), (0, 11), (10.5, 20), (11.5, 21), (21.5, 30))
    assert round_trips(log) == 3


def test_overlap_of_waves_is_not_a_chain() -> None:
    # The second wave starts before the first is answered (a dependent read sent early): 1 wave
    # plus the one request of the second that started after (0, 4) was answered.
    log = spans((0, 4), (0, 10), (5, 15), (6, 16))
    assert round_trips(log) == 2


def test_no_requests_no_round_trips() -> None:
    assert round_trips([]) == 0
    assert longest_chain([]) == []


def test_the_chain_s_network_time_leaves_out_its_gaps() -> None:
    # Two requests of 10 with a gap of 3 between them: 20 in flight, 23 of wall time.
    chain = longest_chain(spans((0, 10), (13, 23)))
    assert network_time(chain) == 20


def test_the_critical_path_runs_back_from_the_last_answer() -> None:
    # r0 answers early; r1, sent late (the client was busy), ends the first wave; r2 waited for a
    # slot until r1 answered; r3 waited for r2. The path that set the end is r1, r2, r3, although
    # r0 -> r2 is a chain of the same length.
    log = spans((0, 10), (4, 14), (15, 25), (26, 36))
    assert [s.label for s in critical_path(log)] == ["r1", "r2", "r3"]
    assert network_time(critical_path(log)) == 30  # so 36 - 30 = 6 of the run were the client's


def test_the_critical_path_takes_the_latest_answer_before_each_request() -> None:
    # r2 was sent at 12: r0 (ended 10) and r1 (ended 11) both came before it; r1 is what it
    # waited for at the latest.
    log = spans((0, 10), (1, 11), (12, 20))
    assert [s.label for s in critical_path(log)] == ["r1", "r2"]
    assert critical_path([]) == []
