"""The README's examples run: every GraphQL block of the tour, and the mutations in order, answer
without errors on the demo data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DEMO, REPO, GraphQLClient, graphql_client, open_seeded_store

README = (REPO / "README.md").read_text(encoding="utf-8")
TOUR = README.split("<!-- tour:start -->")[1].split("<!-- tour:end -->")[0]
OPERATIONS = re.findall(r"```graphql\n(.*?)```", TOUR, flags=re.DOTALL)
CHANGES = re.findall(r"```graphql\n(.*?)```", README.split("<!-- changes:start -->")[1].split("<!-- changes:end -->")[0],
                     flags=re.DOTALL)


def test_the_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)[:2]
    assert "lianjian serve" in commands[0]
    assert all(command.startswith("python3 -m venv .venv ") for command in commands), "any python3, no minor version"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    first_run = next(line for line in ci if "pytest" in line and not line.startswith("#"))
    assert commands[1] == first_run, "the README's test command must be what .ci/run runs first"


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"tour-{i}" for i in range(len(OPERATIONS))])
async def test_tour_operation_answers(demo: GraphQLClient, operation: str) -> None:
    data = await demo.data(operation)
    assert all(value not in (None, [], {}) for value in data.values()), data


async def test_the_mutation_examples_run_in_order(tmp_path: Path) -> None:
    assert len(CHANGES) == 3
    store = await open_seeded_store("embedded", tmp_path / "db.lbug", DEMO)
    try:
        counts = await store.counts()
        async with graphql_client(store) as client:
            answers = [await client.data(operation) for operation in CHANGES]
        covered = {a["area"]["name"] for a in answers[0]["coverArea"]["areas"]}
        assert "青浜岛" in covered
        assert {"unit": {"name": "东极警务室"}, "role": "MEMBER"} in answers[1]["joinAlliance"]["members"]
        assert {"relationship": "JOINS", "label": "Alliance", "id": "al-pt-island"} in answers[2]["deleteUnit"]["detached"]
        assert await store.counts() == counts
        assert [e.operation for e in await store.audit_page(4, None)] == [
            "deleteUnit", "joinAlliance", "createUnit", "coverArea"]
    finally:
        await store.close()
