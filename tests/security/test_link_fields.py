"""QUALITY.md "xss" at the edge: every field where a person types a web address (a session's
join and recording links, a meeting's video link, a library resource's link, a training
lesson's video, an agency's website), in its form and in its API serializer, refuses every
address of the corpus that is not a web address — javascript: however it is spelled,
vbscript:, data:, file: — with an error on that field, before anything is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from rest_framework import serializers

from bridgeway.community.sessions.api import AttendanceSerializer, StaffSessionSerializer
from bridgeway.community.sessions.forms import RecordingForm, SessionForm
from bridgeway.core.forms import OrganizationForm, OrganizationSettingsForm
from bridgeway.learning.forms import LessonForm
from bridgeway.learning.library.api import ResourceVersionSerializer
from bridgeway.learning.library.forms import VersionForm
from bridgeway.relationships.api import MeetingProposeSerializer
from bridgeway.relationships.forms import ProposeForm
from bridgeway.relationships.groups.api import GroupMeetingNewSerializer
from bridgeway.relationships.groups.forms import GroupMeetingForm
from tests.xss_corpus import URLS

FORM_FIELDS: list[tuple[type[forms.Form], str]] = [
    (SessionForm, "join_link"),
    (RecordingForm, "link"),
    (ProposeForm, "link"),
    (GroupMeetingForm, "link"),
    (VersionForm, "url"),
    (LessonForm, "video_url"),
    (OrganizationForm, "website"),
    (OrganizationSettingsForm, "website"),
]
SERIALIZER_FIELDS: list[tuple[type[serializers.Serializer[Any]], str]] = [
    (StaffSessionSerializer, "join_link"),
    (AttendanceSerializer, "recording_link"),
    (MeetingProposeSerializer, "link"),
    (GroupMeetingNewSerializer, "link"),
    (ResourceVersionSerializer, "url"),
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(("form", "name"), FORM_FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_forms_refuse_an_address_that_is_not_a_web_address(
    form: type[forms.Form], name: str, url: str
) -> None:
    field = form.base_fields[name]
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(url)
    assert refused.value.messages  # a message the person reads next to the field


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("serializer", "name"), SERIALIZER_FIELDS, ids=lambda v: getattr(v, "__name__", v)
)
def test_the_api_refuses_an_address_that_is_not_a_web_address(
    serializer: type[serializers.Serializer[Any]], name: str, url: str
) -> None:
    field = serializer().fields[name]
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(url)
    assert refused.value.detail
