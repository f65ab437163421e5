"""The one job machine (campaigns/claimable.py), on its own: claim, retry with backoff,
give up, finish only while the claim is held, and the one sweeper."""

from campaigns import claimable


def test_backoff_grows_and_is_capped():
    assert 10 <= claimable.backoff_seconds(1) <= 15
    assert 20 <= claimable.backoff_seconds(2) <= 30
    assert 600 <= claimable.backoff_seconds(30) <= 900
