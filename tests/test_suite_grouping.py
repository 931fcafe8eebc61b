"""The suite's own set-up: the tests that share a live server, or a fixture too costly to build
twice, must run on one pytest-xdist worker (`--dist loadgroup`, from pyproject.toml)."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("grouping-check")
def test_a_test_of_an_xdist_group_is_scheduled_with_its_group(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist workers with --dist loadgroup")
    # loadgroup sends together the tests whose node ids end in the same @group; when that suffix
    # is lost (pytest 9.2 with pytest-xdist 3.8) the groups are silently spread over the workers
    assert request.node.nodeid.endswith("@grouping-check"), request.node.nodeid
