"""The export holds every personal field of the person and nothing of anyone else's
(QUALITY.md, privacy): planted markers, one per field, found or not found in the zip."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from bridgeway.accounts.models import Person
from bridgeway.privacy.exports.builder import export_write
from bridgeway.privacy.registry import owner_fields, personal_declarations
from tests.factories import PersonFactory
from tests.privacy.planting import Planter

pytestmark = pytest.mark.django_db


def _export(person: Person) -> tuple[zipfile.ZipFile, str]:
    out = io.BytesIO()
    export_write(person=person, out=out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    text = "\n".join(
        archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
    )
    return archive, text


@pytest.fixture
def planted() -> Planter:
    person = PersonFactory(email="nadia@example.org", preferred_language="en")
    planter = Planter(person)
    planter.plant_all()
    return planter


def test_it_holds_every_marker_of_the_person_and_none_of_anyone_else(planted: Planter) -> None:
    _archive, text = _export(planted.person)
    missing = sorted(
        f"{where} ({marker})" for marker, where in planted.mine.items() if marker not in text
    )
    assert not missing, "personal fields missing from the export:\n" + "\n".join(missing)
    leaked = sorted(
        f"{where} ({marker})" for marker, where in planted.others.items() if marker in text
    )
    assert not leaked, "someone else's or not personal values in the export:\n" + "\n".join(leaked)


def test_it_has_a_file_of_every_kind_with_rows(planted: Planter) -> None:
    archive, _text = _export(planted.person)
    names = set(archive.namelist())
    kinds = {
        model._meta.label
        for model, declaration in personal_declarations()
        if any(owner_fields(model, declaration, owner) for owner in declaration.owners)
    }
    assert kinds <= planted.kinds  # every personal kind was planted
    readme = archive.read("README.txt").decode()
    for model, _declaration in personal_declarations():
        if model._meta.label not in kinds:
            continue
        json_names = [
            n for n in names if n.startswith(f"{model._meta.app_label}/") and n.endswith(".json")
        ]
        assert json_names, model._meta.label
    for name in names:
        if name.endswith(".json"):
            document = json.loads(archive.read(name))
            assert document["Records"], name
            assert name in readme
        if name.endswith(".csv"):
            assert archive.read(name).decode("utf-8-sig").splitlines()[0].startswith("Number")


def test_uploaded_files_are_in_it(planted: Planter) -> None:
    archive, _text = _export(planted.person)
    uploaded = [n for n in archive.namelist() if n.startswith("files/")]
    assert {n.split("/")[1] for n in uploaded} == {"messaging", "community"}
    for name in uploaded:
        assert archive.read(name).decode().startswith("MINE")


def test_the_other_side_of_a_conversation_a_topic_and_a_pair_stays_out() -> None:
    from bridgeway.community.models import Reply, Topic
    from bridgeway.messaging.models import Conversation, Member, Message
    from bridgeway.programs.questionnaires.models import Answer, Question
    from bridgeway.relationships.models import Relationship

    nadia = PersonFactory(email="nadia@example.org", display_name="Nadia")
    planter = Planter(nadia)
    omar = PersonFactory(email="omar-secret@example.org", display_name="Omar Secretname")
    conversation = planter.make(Conversation)
    Member.objects.create(conversation=conversation, person=nadia)
    Member.objects.create(conversation=conversation, person=omar)
    Message.objects.create(conversation=conversation, author=nadia, body="Nadia asks MINE-msg")
    Message.objects.create(conversation=conversation, author=omar, body="Omar answers OTHR-msg")
    topic = planter.make(Topic, path="author")
    assert isinstance(topic, Topic)
    Reply.objects.create(topic=topic, author=omar, body="Omar replies OTHR-reply")
    pair = planter.make(Relationship, path="mentee__person")
    assert isinstance(pair, Relationship)
    question = planter.make(Question)
    Answer.objects.create(enrollment=pair.mentor, question=question, value="OTHR-mentor-answer")

    _archive, text = _export(nadia)

    assert "MINE-msg" in text
    for leaked in ("OTHR-msg", "OTHR-reply", "OTHR-mentor-answer", "Omar", "omar-secret"):
        assert leaked not in text
    assert "another person" in text


def test_the_registry_finds_the_person_s_rows_of_every_planted_kind(planted: Planter) -> None:
    """`rows_of` is what erasure reads to find a person's rows: it finds each planted one."""
    from bridgeway.privacy.registry import rows_of

    for model, declaration in personal_declarations():
        if model._meta.label in planted.kinds:
            rows = model._base_manager.filter(rows_of(model, declaration, planted.person))
            assert rows.exists(), model._meta.label
