"""A program's own texts carry the language the agency writes them in (WCAG 3.1.2)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.programs.forms import ProgramForm
from bridgeway.programs.models import Program, content_language_for
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory
from tests.programs.test_views import VALID_PROGRAM

pytestmark = pytest.mark.django_db

LANGUAGES_WITH_ARABIC = [("en", "English"), ("fr", "French"), ("ar", "العربية")]


# --- The model ------------------------------------------------------------------------------


def test_a_program_is_written_in_the_sites_language_unless_told(world: SimpleNamespace) -> None:
    assert world.program_a.content_language == "en"
    with override_settings(LANGUAGE_CODE="fr"):
        assert ProgramFactory().content_language == "fr"


def test_the_code_is_stored_in_lower_case(world: SimpleNamespace) -> None:
    program = ProgramFactory(content_language="pt-BR")
    program.refresh_from_db()
    assert program.content_language == "pt-br"


@pytest.mark.parametrize("code", ["en", "fr-CA", "pt-BR", "ps", "zh-Hant-TW", "pa-Arab", "es-419"])
def test_well_formed_language_codes_are_valid(code: str, world: SimpleNamespace) -> None:
    world.program_a.content_language = code
    world.program_a.full_clean()


@pytest.mark.parametrize(
    "code", ["english", "français", "en_US", "e", "en-", "12", "en-toolongsubtag", "en\n"]
)
def test_other_text_is_not_a_language_code(code: str, world: SimpleNamespace) -> None:
    world.program_a.content_language = code
    with pytest.raises(ValidationError) as error:
        world.program_a.full_clean()
    assert "is not a language code" in str(error.value.message_dict["content_language"])


def test_a_new_program_defaults_to_its_authors_language() -> None:
    assert content_language_for(PersonFactory(preferred_language="fr")) == "fr"
    assert content_language_for(PersonFactory(preferred_language="")) == "en"
    assert content_language_for(PersonFactory(preferred_language="not a code")) == "en"
    assert content_language_for(None) == "en"


# --- The form -------------------------------------------------------------------------------


def test_the_form_offers_the_sites_languages_and_another(world: SimpleNamespace) -> None:
    form = ProgramForm(default_language="fr")
    assert [code for code, _label in form.fields["content_language"].choices] == [
        "en",
        "fr",
        "other",
    ]
    assert form["content_language"].initial == "fr"
    edited = ProgramForm(instance=ProgramFactory(content_language="ps"))
    assert edited["content_language"].initial == "other"
    assert edited["content_language_other"].initial == "ps"


def test_an_admin_creates_a_program_in_her_own_language(
    client: Client, world: SimpleNamespace
) -> None:
    world.alice.preferred_language = "fr"
    world.alice.save()
    client.force_login(world.alice)
    page = client.get(reverse("programs:program_new", args=["agency-a"]))
    assert b'<option value="fr" selected>' in page.content
    assert "Langue des textes du programme" in page.content.decode()
    client.post(reverse("programs:program_new", args=["agency-a"]), VALID_PROGRAM)
    assert Program.objects.get(slug="health").content_language == "fr"


def test_an_admin_chooses_another_language_by_its_code(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "content_language": "other", "content_language_other": " Pt-BR "}
    client.post(reverse("programs:program_new", args=["agency-a"]), data)
    assert Program.objects.get(slug="health").content_language == "pt-br"


@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("", "Write the code of the other language, such as es or pt-BR."),
        ("portuguese", "“portuguese” is not a language code."),
    ],
)
def test_another_language_needs_a_valid_code(
    client: Client, world: SimpleNamespace, other: str, message: str
) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "content_language": "other", "content_language_other": other}
    response = client.post(reverse("programs:program_new", args=["agency-a"]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Program.objects.filter(slug="health").exists()


def test_a_language_outside_the_list_is_refused(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "content_language": "xx"}
    response = client.post(reverse("programs:program_new", args=["agency-a"]), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Program.objects.filter(slug="health").exists()


def test_editing_keeps_a_language_of_another_list(client: Client, world: SimpleNamespace) -> None:
    world.program_a.content_language = "ps"
    world.program_a.save()
    client.force_login(world.alice)
    url = reverse("programs:program_edit", args=[world.program_a.pk])
    assert b'value="ps"' in client.get(url).content
    client.post(url, {**VALID_PROGRAM, "slug": "hosts", "name": "Renamed"})
    world.program_a.refresh_from_db()
    assert (world.program_a.name, world.program_a.content_language) == ("Renamed", "ps")
    client.post(url, {**VALID_PROGRAM, "slug": "hosts", "content_language": "fr"})
    world.program_a.refresh_from_db()
    assert world.program_a.content_language == "fr"


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_the_api_sets_and_defaults_the_language(api: APIClient, world: SimpleNamespace) -> None:
    world.alice.preferred_language = "fr"
    world.alice.save()
    api.force_authenticate(world.alice)
    url = reverse("api:program-list")
    base = {"agency": "agency-a", "summary": "Tradespeople mentor newcomers."}
    default = api.post(url, {**base, "name": "Métiers", "slug": "metiers"}, format="json")
    assert default.status_code == 201
    assert default.json()["content_language"] == "fr"
    chosen = api.post(
        url,
        {**base, "name": "Trades", "slug": "trades", "content_language": "EN-ca"},
        format="json",
    )
    assert chosen.json()["content_language"] == "en-ca"
    assert Program.objects.get(slug="trades").content_language == "en-ca"


def test_the_api_refuses_a_bad_code_with_a_clear_message(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.alice)
    url = reverse("api:program-detail", args=[world.program_a.pk])
    bad = api.patch(url, {"content_language": "english"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["content_language"] == [
        "“english” is not a language code. Write a code such as en, fr-CA or pt-BR."
    ]
    assert api.patch(url, {"content_language": "ar"}, format="json").status_code == 200
    world.program_a.refresh_from_db()
    assert world.program_a.content_language == "ar"


def test_the_directory_and_the_schema_tell_the_language(
    api: APIClient, world: SimpleNamespace
) -> None:
    rows = api.get(reverse("api:directory-list")).json()["results"]
    assert {row["content_language"] for row in rows} == {"en"}
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    program = schema["components"]["schemas"]["Program"]["properties"]["content_language"]
    assert "BCP 47" in program["description"]


# --- The pages ------------------------------------------------------------------------------


def test_a_french_page_marks_an_english_programs_texts(
    client: Client, world: SimpleNamespace
) -> None:
    program = world.program_a
    program.description, program.goals = "Hosts meet newcomers.", "A first friend."
    program.save()
    page = client.get(
        reverse("programs:detail", args=[program.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<html lang="fr"' in page
    assert '<h1><span lang="en">Welcome Hosts A</span></h1>' in page
    assert f'<span lang="en">{program.summary}</span>' in page
    assert '<span lang="en">Hosts meet newcomers.</span>' in page
    assert '<span lang="en">A first friend.</span>' in page


def test_a_page_in_the_programs_language_carries_no_mark(
    client: Client, world: SimpleNamespace
) -> None:
    page = client.get(
        reverse("programs:detail", args=[world.program_a.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>Welcome Hosts A</h1>" in page
    assert "<span lang=" not in page


def test_a_participants_dashboard_marks_the_program_names(
    client: Client, world: SimpleNamespace
) -> None:
    french = ProgramFactory(organization=world.agency_a, name="Jumelage", content_language="fr")
    EnrollmentFactory(program=french, person=world.erin)
    world.erin.preferred_language = "fr"
    world.erin.save()
    client.force_login(world.erin)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<h3><span lang="en">Welcome Hosts A</span></h3>' in page
    assert "<h3>Jumelage</h3>" in page


def test_staff_pages_mark_the_program_name(client: Client, world: SimpleNamespace) -> None:
    world.bob.preferred_language = "fr"
    world.bob.save()
    client.force_login(world.bob)
    overview = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    assert '<span lang="en">Welcome Hosts A</span></a>' in overview
    staff = client.get(reverse("programs:staff_program", args=[world.program_a.pk]))
    assert '<h1><span lang="en">Welcome Hosts A</span></h1>' in staff.content.decode()


def test_the_application_message_marks_the_program_name(
    client: Client, world: SimpleNamespace
) -> None:
    world.mallory.preferred_language = "fr"
    world.mallory.save()
    client.force_login(world.mallory)
    url = reverse("programs:detail", args=[world.program_b.pk])
    response = client.post(url, {"role": "mentee"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/applied/")
    assert '<span lang="en">Career Bridge B</span>' in page


def test_a_hostile_program_name_stays_inert_in_the_message(
    client: Client, world: SimpleNamespace
) -> None:
    world.program_b.name = "<script>alert(1)</script>"
    world.program_b.save()
    world.mallory.preferred_language = "fr"
    world.mallory.save()
    client.force_login(world.mallory)
    url = reverse("programs:detail", args=[world.program_b.pk])
    page = client.post(url, {"role": "mentee"}, follow=True).content.decode()
    assert '<span lang="en">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in page
    assert "<script>alert" not in page


@override_settings(LANGUAGES=LANGUAGES_WITH_ARABIC)
def test_right_to_left_texts_get_their_direction(client: Client, world: SimpleNamespace) -> None:
    arabic = ProgramFactory(
        organization=world.agency_a, name="جسور", summary="برنامج إرشاد", content_language="ar"
    )
    english_page = client.get(
        reverse("programs:detail", args=[arabic.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<h1><span lang="ar" dir="rtl">جسور</span></h1>' in english_page
    arabic_page = client.get(
        reverse("programs:detail", args=[world.program_a.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic_page
    assert '<h1><span lang="en" dir="ltr">Welcome Hosts A</span></h1>' in arabic_page
