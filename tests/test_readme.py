"""The README's tour runs: every GraphQL block in it answers without errors on the demo data."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO, GraphQLClient

README = (REPO / "README.md").read_text(encoding="utf-8")
TOUR = README.split("<!-- tour:start -->")[1].split("<!-- tour:end -->")[0]
OPERATIONS = re.findall(r"```graphql\n(.*?)```", TOUR, flags=re.DOTALL)


def test_the_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)[:2]
    assert "lianjian serve" in commands[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert commands[1] == ci, "the README's test command must be what .ci/run runs"


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"tour-{i}" for i in range(len(OPERATIONS))])
async def test_tour_operation_answers(demo: GraphQLClient, operation: str) -> None:
    data = await demo.data(operation)
    assert all(value not in (None, [], {}) for value in data.values()), data
