"""metrics.per_frame: the snapshot's history is worked out once per frame and date, and narrowing the whole
history to some clusters gives what working on those clusters' rows alone gave (which is what lets the
renewals, collaboration and comparison figures pass the whole assessments frame)."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from clusterviz.data import cache
from clusterviz.figures import metrics
from clusterviz.figures import renewals as renewal


def test_a_result_is_kept_while_its_frame_lives_and_dropped_with_it(seed_snapshot):
    assessments = seed_snapshot.assessments.copy()  # a frame of this test's own
    first = metrics.labelled(assessments, seed_snapshot.as_of)
    assert metrics.labelled(assessments, seed_snapshot.as_of) is first
    assert metrics.labelled(assessments, "2016-03-01") is not first  # another date
    assert metrics.labelled(assessments.copy(), seed_snapshot.as_of) is not first  # an equal but other frame
    pd.testing.assert_frame_equal(first, metrics.labelled.uncached(assessments, seed_snapshot.as_of))
    keys = [key for key in cache._PER_FRAME.keys() if key[1] == id(assessments)]
    assert len(keys) == 2
    del assessments, first
    gc.collect()
    assert not [key for key in cache._PER_FRAME.keys() if key in keys]


@pytest.mark.parametrize("country,county", [("NO", None), ("DK", None), (None, "18"), (None, "46")])
def test_narrowing_the_whole_history_equals_the_history_of_the_narrowed_rows(seed_snapshot, country, county):
    s = seed_snapshot
    clusters = s.clusters
    if country:
        clusters = clusters[clusters["country"] == country]
    if county:
        clusters = clusters[clusters["county_code"] == county]
    assert len(clusters)
    ids = set(clusters["cluster_id"])
    mine = s.assessments[s.assessments["cluster_id"].isin(ids)]

    def narrowed(frame):
        return frame[frame["cluster_id"].isin(ids)].reset_index(drop=True)

    for fn in (metrics.labelled.uncached, metrics.first_labels.uncached, renewal.label_periods.uncached):
        pd.testing.assert_frame_equal(
            narrowed(fn(s.assessments, s.as_of)), fn(mine, s.as_of).reset_index(drop=True), check_dtype=False, check_categorical=False
        )
    pd.testing.assert_frame_equal(metrics.label_states(clusters, s.assessments, s.as_of), metrics.label_states(clusters, mine, s.as_of))


def test_funnel_values_give_every_step_of_one_country(seed_snapshot):
    s = seed_snapshot
    funnel = metrics.renewal_funnel(s.clusters, s.assessments, s.as_of)
    norway = metrics.funnel_values(funnel, "NO")
    assert (norway["first_ended"], norway["renewed"], norway["not_renewed"], norway["not_renewed_in_grace"]) == (55, 24, 31, 2)
    assert list(norway) == list(funnel.loc[funnel["country"] == "NO", "step"])
    assert metrics.funnel_values(funnel, "SE") == {}
    assert metrics.funnel_value(funnel, "SE", "renewed") == 0
