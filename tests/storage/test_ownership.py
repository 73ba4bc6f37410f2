"""The ownership map covers the schema: every table has a policy, every free-text or JSON
column is declared personal content or plain, every column that points at a person has a path.
A table or column added later without a policy makes this test fail."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, MetaData, String, Table, Text

from storage.ownership import POLICIES, Path, Policy, Relation, problems
from storage.schema import metadata


def copy_of_schema() -> MetaData:
    copy = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def test_every_table_and_column_of_the_schema_has_a_declared_policy() -> None:
    assert problems(metadata) == []
    assert len(POLICIES) == len(metadata.tables) > 25


def test_a_new_table_without_a_policy_is_reported() -> None:
    schema = copy_of_schema()
    Table(
        "diagnoses", schema,
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("users.id")),
        Column("remark", Text),
    )  # fmt: skip
    assert problems(schema) == ["diagnoses: no ownership policy (storage/ownership.py)"]


def test_a_new_column_of_personal_content_is_reported() -> None:
    schema = copy_of_schema()
    schema.tables["exchanges"].append_column(Column("health_remark", Text))
    schema.tables["answers"].append_column(Column("extra", JSON))
    schema.tables["users"].append_column(Column("nickname", String(40)))
    assert sorted(problems(schema)) == [  # in table dependency order, which is incidental
        "answers.extra: personal content or plain? not declared",
        "exchanges.health_remark: personal content or plain? not declared",
        "users.nickname: personal content or plain? not declared",
    ]


def test_a_new_column_pointing_at_a_person_needs_a_path() -> None:
    schema = copy_of_schema()
    schema.tables["reflections"].append_column(
        Column("reviewer_id", Integer, ForeignKey("users.id"))
    )
    assert problems(schema) == ["reflections.reviewer_id: points at a person but has no path"]


def test_a_path_must_lead_to_a_person() -> None:
    broken = dict(POLICIES)
    broken["answers"] = Policy((Path(Relation.SUBJECT, "form_id", ("response_id",)),),
                               frozenset({"value"}))  # fmt: skip
    broken["gone"] = Policy(())
    assert problems(metadata, broken) == [
        "gone: has a policy but is no table",
        "answers: path Path(relation=<Relation.SUBJECT: 'subject'>, person='form_id', "
        "via=('response_id',)) does not end at users.id",
    ]


def test_a_redacted_key_must_belong_to_a_json_column() -> None:
    broken = dict(POLICIES)
    broken["consents"] = Policy(
        POLICIES["consents"].paths, plain=POLICIES["consents"].plain,
        redact=frozenset({"purpose.text"}),
    )  # fmt: skip
    assert problems(metadata, broken) == ["consents.purpose.text: redacts a key of no JSON column"]
