"""docs/store-schema.md describes every table, view and column of a fresh store, and nothing else.

The page has one section per relation, headed ``## Table `name``` or
``## View `name```, holding a markdown table whose rows start with
``| `column` | `TYPE` |``. A store opened from scratch is compared with it, so
a migration that adds, drops or retypes a column fails here until the page
follows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique import api

DOC = Path(__file__).resolve().parents[1] / "docs" / "store-schema.md"

_SECTION = re.compile(r"^## (Table|View) `([a-z_][a-z0-9_]*)`\s*$")
_HEADER = re.compile(r"^## ")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_CODE = re.compile(r"^`([^`]+)`$")

Relations = dict[str, tuple[str, dict[str, str]]]  # name -> (kind, {column: type})


def parse_doc(text: str) -> Relations:
    """The relations a schema page documents: name -> ("table" | "view", {column: type})."""
    found: Relations = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        section = _SECTION.match(line)
        if section:
            kind, name = section.group(1).lower(), section.group(2)
            assert name not in found, f"line {number}: {name} is documented twice"
            found[name] = (kind, {})
            current = name
            continue
        if _HEADER.match(line):
            current = None
            continue
        if current is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|"))]
        column = _CODE.match(cells[0]) if cells else None
        if column is None:
            continue  # the header row and the separator row
        assert len(cells) >= 3 and cells[2], f"line {number}: column {column.group(1)} needs a type and a meaning"
        kind_cell = _CODE.match(cells[1])
        assert kind_cell, f"line {number}: the type of {column.group(1)} should be in backticks"
        columns = found[current][1]
        assert column.group(1) not in columns, f"line {number}: {current}.{column.group(1)} is listed twice"
        columns[column.group(1)] = kind_cell.group(1)
    return found


def store_relations(path: Path) -> Relations:
    """The tables and views of a freshly created store, with their columns and types."""
    with api.open_store(path) as store:
        con = store.con
        kinds = con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        ).fetchall()
        cols = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ).fetchall()
    out: Relations = {name: ("view" if kind == "VIEW" else "table", {}) for name, kind in kinds}
    for table, column, data_type in cols:
        out[table][1][column] = data_type
    return out


@pytest.fixture(scope="module")
def documented() -> Relations:
    return parse_doc(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actual(tmp_path_factory: pytest.TempPathFactory) -> Relations:
    return store_relations(tmp_path_factory.mktemp("schema") / "fresh.duckdb")


def test_every_relation_is_documented(documented: Relations, actual: Relations) -> None:
    missing = sorted(set(actual) - set(documented))
    assert not missing, f"docs/store-schema.md has no section for: {missing}"


def test_the_doc_names_only_existing_relations(documented: Relations, actual: Relations) -> None:
    extra = sorted(set(documented) - set(actual))
    assert not extra, f"docs/store-schema.md documents relations the store lacks: {extra}"


def test_tables_and_views_are_labelled_as_such(documented: Relations, actual: Relations) -> None:
    wrong = sorted(name for name in set(documented) & set(actual) if documented[name][0] != actual[name][0])
    assert not wrong, f"table/view label wrong in docs/store-schema.md for: {wrong}"


def test_every_column_is_documented(documented: Relations, actual: Relations) -> None:
    missing = sorted(
        f"{name}.{column}"
        for name, (_, columns) in actual.items()
        for column in columns
        if column not in documented.get(name, ("", {}))[1]
    )
    assert not missing, f"columns missing from docs/store-schema.md: {missing}"


def test_the_doc_names_only_existing_columns(documented: Relations, actual: Relations) -> None:
    extra = sorted(
        f"{name}.{column}"
        for name, (_, columns) in documented.items()
        for column in columns
        if column not in actual.get(name, ("", {}))[1]
    )
    assert not extra, f"docs/store-schema.md names columns the store lacks: {extra}"


def test_documented_types_match(documented: Relations, actual: Relations) -> None:
    wrong = sorted(
        f"{name}.{column}: documented {kind}, actual {actual[name][1][column]}"
        for name, (_, columns) in documented.items()
        for column, kind in columns.items()
        if name in actual and column in actual[name][1] and kind != actual[name][1][column]
    )
    assert not wrong, f"column types differ from docs/store-schema.md: {wrong}"


def test_every_migration_is_listed() -> None:
    from communique.store.migrate import MIGRATIONS

    text = DOC.read_text(encoding="utf-8")
    missing = [m.name for m in MIGRATIONS if f"`{m.name}`" not in text]
    assert not missing, f"docs/store-schema.md does not list the migrations: {missing}"


# -- the parser itself ----------------------------------------------------------


def test_parser_reads_sections_columns_and_escaped_pipes() -> None:
    page = (
        "# Title\n\n## Table `things`\n\nA row is a thing.\n\n| column | type | meaning |\n|---|---|---|\n"
        "| `id` | `VARCHAR` | The id. |\n| `key` | `VARCHAR` | `a\\|b` joined. |\n\n"
        "## View `thing_counts`\n\n| column | type | meaning |\n|---|---|---|\n| `n` | `BIGINT` | How many. |\n\n"
        "## Notes\n\n| `not` | `A` | column |\n"
    )
    assert parse_doc(page) == {
        "things": ("table", {"id": "VARCHAR", "key": "VARCHAR"}),
        "thing_counts": ("view", {"n": "BIGINT"}),
    }


def test_parser_refuses_a_column_without_meaning() -> None:
    with pytest.raises(AssertionError, match="needs a type and a meaning"):
        parse_doc("## Table `t`\n\n| `id` | `VARCHAR` |  |\n")
