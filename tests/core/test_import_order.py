"""The stages' one-way order: every package has its place in the import contracts, and every question and
panel place core declares for the later stages is answered once the app is built (else a page breaks, or
loses a part without a word)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_every_package_has_a_place_in_the_import_order():
    """A new stage left out of the layers would be checked by nothing: lint-imports would pass whatever it imports."""
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    package = ROOT / "forumops"
    present = {f"forumops.{p.name}" for p in package.iterdir() if (p / "__init__.py").exists()}
    present |= {f"forumops.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    assert present - placed == set()
    assert placed - present == set()  # no stale name either
    core_rule = next(c for c in _contracts() if c["name"] == "core imports no stage")
    assert set(core_rule["forbidden_modules"]) == placed - {"forumops.core", "forumops.extensions"}


def test_what_core_asks_of_the_stages_is_answered(app):
    from forumops.core import hooks, permissions, views

    questions = [value for value in vars(hooks).values() if isinstance(value, hooks.Question)]
    assert {q.name for q in questions} >= {"clusters_of_person", "cluster_of_registration", "cluster_memberships",
                                          "organisation_suggestions"}
    assert [q.name for q in questions if q._answer is None] == []
    assert {place for place in hooks.PLACES if not hooks._panels.get(place)} == set()
    assert set(permissions._role_finders) == {"forum", "cluster", "item"}
    assert views._forum_finder is not None
    base_roles = {permissions.ANONYMOUS, permissions.SIGNED_IN, permissions.VERIFIED, permissions.PARTICIPANT,
                  permissions.FACILITATOR, permissions.ORGANISER, permissions.ADMIN, permissions.CLUSTER_STAFF,
                  permissions.CLUSTER_MEMBER, permissions.ITEM_RAPPORTEUR, permissions.ITEM_AUDIENCE,
                  permissions.ITEM_PRESENTER}
    named = {name for allowed in permissions.RULES.values() for name in allowed} - base_roles
    # online participants, any cluster's staff; and the holder of a confirmed registration's private link
    assert named == set(permissions._principal_checks) | set(permissions._link_checks)
    assert set(permissions._link_checks) == {permissions.CONFIRMED_LINK_HOLDER}
