"""Deterministic demo snapshots, calibrated to ../shared/seed-facts.md §D.

Every cluster name is invented and ends in "(demo)"; towns, municipalities and counties are real.  The
histories are written out by hand as *stories* (first benchmarking, renewals, Gold, lapse) so that the
figures of the 2017 articles follow from the data, not from constants:

Norway at 2017-03-01 (73 organisations)
    G   6  first Bronze 2012-13, Gold inside the Feb 2014-Aug 2016 comparison window  -> 6 valid Gold
    R  18  first Bronze 2012-14, renewed (some inside the grace year)                  -> 6 + 18 = 24 renewed
    L  31  first Bronze 2012-15, never renewed (4 no longer operative, 2 still in grace) -> 31 not renewed
    B  12  first label still running (2 in the window, the 7 Nordland pilot clusters of Sep 2016, 3 later)
    C   6  never certified
Denmark (37): 8 Gold and 6 Silver valid, 15 Bronze in the window, 3 lapsed early, 2 recent, 3 never.

The comparison sample (a labelled assessment between 2014-02-01 and 2016-08-31) is G+R+2L+2B = 28 in
Norway and 8+6+15 = 29 in Denmark; the quality indices of each organisation's latest assessment in the
window are calibrated to sum to 28 x 63.6 and 29 x 67.2, and 9 of the 28 have all three training lights
green.  Area scores average exactly to the quality index.

stories.py holds the stories, activities.py the collaborations and events, history.py builds, slices and
writes the tables; europe.py is the large synthetic snapshot of the benchmarks.
"""

from __future__ import annotations

from clusterviz.data.demo.activities import ENGLISH_TEXTS  # noqa: F401
from clusterviz.data.demo.europe import build_europe, write_europe  # noqa: F401
from clusterviz.data.demo.history import SEED, SNAPSHOT_DATES, WINDOW, build_history, slice_history, valid_until, write_demo  # noqa: F401
