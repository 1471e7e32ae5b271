"""Files sent with messages: the type is read from the content, the program's size limit is
told in the refusal and nothing is half-written; files are served only to the conversation's
people (and to staff reviewing it with a reason, each opening recorded), with byte ranges for
players, inline for media and as a download for the rest; deleted messages' files are no
longer served; a hostile file name stays text."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.messaging import attachments, downloads, services
from bridgeway.messaging.models import Attachment, Conversation, Message, MessagingSettings
from tests.xss_corpus import FILE_NAMES, SVG_FILE, active_parts

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# An MP4 header, then 10,000 bytes that say where they are (so a range can be checked).
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(i % 251 for i in range(10_000))


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def files_dir(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its files in a folder of its own, to look into."""
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }
    return folder


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def send(client: Client, chat: Conversation, *files: Any, body: str = "") -> Any:
    url = reverse("messaging:conversation", args=[chat.pk])
    return client.post(url, {"body": body, "attachments": list(files)})


def file_url(chat: Conversation, attachment: Attachment) -> str:
    return reverse("messaging:attachment", args=[chat.pk, attachment.pk])


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def video(chat: Conversation, cohort: SimpleNamespace) -> Attachment:
    services.message_send(
        conversation=chat,
        author=cohort.amal.person,
        body="What I see",
        files=[upload("clip.mp4", MP4, "video/mp4")],
    )
    return Attachment.objects.get()


def test_files_are_sent_through_the_page_and_typed_by_their_content(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path
) -> None:
    client.force_login(cohort.amal.person)
    response = send(
        client,
        chat,
        upload("photo.pdf", PNG, "application/pdf"),  # a PNG called .pdf is stored as a PNG
        upload("CV.docx", DOCX),
        upload("notes.odt", ODT),
        upload("list.txt", "Bonjour, ça va ?\nOui.".encode()),
        upload("clip.mp4", MP4),
        body="My documents",
    )
    assert response.status_code == 302
    message = Message.objects.get()
    found = {a.name: (a.content_type, a.kind) for a in message.attachments.all()}
    assert found == {
        "photo.pdf": ("image/png", "image"),
        "CV.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "document",
        ),
        "notes.odt": ("application/vnd.oasis.opendocument.text", "document"),
        "list.txt": ("text/plain", "document"),
        "clip.mp4": ("video/mp4", "video"),
    }
    names = {p.name for p in stored_files(files_dir)}
    assert len(names) == 5
    assert not names & set(found), "stored files keep random names, never the sender's"
    assert {p.suffix for p in stored_files(files_dir)} == {".png", ".docx", ".odt", ".txt", ".mp4"}


def test_a_file_alone_is_a_message(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    assert send(client, chat, upload("a.png", PNG)).status_code == 302
    assert Message.objects.get().attachments.count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("holiday.jpg", EXE),  # a program called .jpg
        ("archive.zip", zipped({"a.txt": b"a"})),
        (
            "macros.docx",
            zipped(
                {"[Content_Types].xml": b"", "word/document.xml": b"", "word/vbaProject.bin": b""}
            ),
        ),
        ("page.txt", b"<html>\x00\x01\x02</html>"),
    ],
)
def test_a_file_of_another_kind_is_refused_whatever_its_name_and_nothing_is_stored(
    client: Client,
    chat: Conversation,
    cohort: SimpleNamespace,
    files_dir: Path,
    name: str,
    data: bytes,
) -> None:
    client.force_login(cohort.amal.person)
    response = send(
        client, chat, upload("fine.png", PNG), upload(name, data, "image/jpeg"), body="hi"
    )
    assert response.status_code == 400
    assert f"“{name}” cannot be sent" in response.content.decode()
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(files_dir) == []


def test_a_file_over_the_programs_limit_is_refused_with_the_limit_and_nothing_is_stored(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path
) -> None:
    MessagingSettings.objects.create(program=chat.program, attachment_limit_mb=1)
    client.force_login(cohort.amal.person)
    big = upload("big.mp4", MP4[:28] + bytes(int(1.3 * 1024 * 1024)))
    response = send(client, chat, upload("small.png", PNG), big, body="two files")
    assert response.status_code == 400
    assert "“big.mp4” is 1.3 MB; the limit in this program is 1 MB." in response.content.decode()
    assert not Message.objects.exists()
    assert stored_files(files_dir) == []


def test_when_storing_a_file_fails_no_message_and_no_file_remain(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path, monkeypatch: Any
) -> None:
    class Breaks(FileSystemStorage):
        saved = 0

        def _save(self, name: str, content: Any) -> str:
            Breaks.saved += 1
            if Breaks.saved == 2:
                raise OSError("disk full")
            return super()._save(name, content)

    monkeypatch.setattr(attachments, "storage", lambda: Breaks(location=str(files_dir)))
    with pytest.raises(OSError, match="disk full"):
        services.message_send(
            conversation=chat,
            author=cohort.amal.person,
            body="two files",
            files=[upload("a.png", PNG), upload("b.pdf", PDF)],
        )
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(files_dir) == []


def test_a_scanner_refuses_an_unsafe_file_before_it_is_stored(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path, settings: Any
) -> None:
    settings.BRIDGEWAY_ATTACHMENT_SCANNER = "tests.messaging.test_attachments.eicar_scanner"
    client.force_login(cohort.amal.person)
    response = send(client, chat, upload("report.pdf", PDF + b"EICAR"), body="see")
    assert response.status_code == 400
    assert "“report.pdf” looks unsafe and was not sent." in response.content.decode()
    assert not Message.objects.exists()
    assert stored_files(files_dir) == []
    assert send(client, chat, upload("report.pdf", PDF), body="see").status_code == 302


def eicar_scanner(file: Any) -> None:
    if b"EICAR" in file.read():
        raise attachments.UnsafeFile("test signature")


def test_the_people_in_the_conversation_play_a_video_with_byte_ranges(
    client: Client, chat: Conversation, cohort: SimpleNamespace, video: Attachment
) -> None:
    client.force_login(cohort.dana.person)
    url = file_url(chat, video)
    whole = client.get(url)
    assert whole.status_code == 200
    assert content(whole) == MP4
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Length"] == str(len(MP4))
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Content-Disposition"] == 'inline; filename="clip.mp4"'
    assert whole["X-Content-Type-Options"] == "nosniff"
    first = client.get(url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert content(first) == MP4[:100]
    assert first["Content-Range"] == f"bytes 0-99/{len(MP4)}"
    assert first["Content-Length"] == "100"
    middle = client.get(url, headers={"Range": "bytes=5000-5009"})
    assert content(middle) == MP4[5000:5010]
    assert middle["Content-Range"] == f"bytes 5000-5009/{len(MP4)}"
    rest = client.get(url, headers={"Range": "bytes=10000-"})
    assert content(rest) == MP4[10000:]
    suffix = client.get(url, headers={"Range": "bytes=-100"})
    assert suffix.status_code == 206
    assert content(suffix) == MP4[-100:]
    for bad in ("bytes=20000-", "bytes=50-10", "bytes=-0", "bytes=x-y"):
        refused = client.get(url, headers={"Range": bad})
        assert refused.status_code == 416, bad
        assert refused["Content-Range"] == f"bytes */{len(MP4)}"


def test_media_show_inline_and_documents_download_under_their_safe_name(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    services.message_send(
        conversation=chat,
        author=cohort.amal.person,
        body="files",
        files=[upload("photo.pdf", PNG), upload("Résumé 2025.pdf", PDF)],
    )
    image, document = Attachment.objects.order_by("pk")
    client.force_login(cohort.dana.person)
    shown = client.get(file_url(chat, image))
    assert shown["Content-Type"] == "image/png"
    # The name claims a PDF: the download says what it is.
    assert shown["Content-Disposition"] == 'inline; filename="photo.pdf.png"'
    saved = client.get(file_url(chat, document))
    assert saved["Content-Type"] == "application/pdf"
    assert (
        saved["Content-Disposition"] == "attachment; filename*=utf-8''R%C3%A9sum%C3%A9%202025.pdf"
    )
    html = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert f'<img src="{file_url(chat, image)}" alt="photo.pdf"' in html
    assert f'href="{file_url(chat, document)}" download>Résumé 2025.pdf</a>' in html


def test_a_hostile_file_name_stays_text(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    name = '"><img src=x onerror=alert(1)>\u202egpj.exe'
    services.message_send(
        conversation=chat, author=cohort.amal.person, body="x", files=[upload(name, PNG)]
    )
    attachment = Attachment.objects.get()
    assert "\u202e" not in attachment.name  # no right-to-left override disguising the name
    client.force_login(cohort.dana.person)
    html = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    header = client.get(file_url(chat, attachment))["Content-Disposition"]
    assert header.startswith("inline; filename=")
    assert "\n" not in header


def test_outsiders_and_other_agencies_get_404(
    client: Client, chat: Conversation, cohort: SimpleNamespace, video: Attachment
) -> None:
    world = cohort.world
    for person in (cohort.bo.person, cohort.eli.person, world.mallory, world.carol, world.bob):
        client.force_login(person)
        assert client.get(file_url(chat, video)).status_code == 404
        staff_url = reverse("messaging:staff_attachment", args=[chat.pk, video.pk])
        assert client.get(staff_url).status_code == 404  # bob has given no reason
    client.force_login(cohort.dana.person)
    assert client.get(reverse("messaging:attachment", args=[chat.pk, 987654])).status_code == 404


def test_a_deleted_messages_files_are_no_longer_served(
    client: Client,
    chat: Conversation,
    cohort: SimpleNamespace,
    video: Attachment,
    files_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.message_delete(message=video.message, by=cohort.amal.person)
    for person in (cohort.amal.person, cohort.dana.person):
        client.force_login(person)
        assert client.get(file_url(chat, video)).status_code == 404
        page = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
        assert "clip.mp4" not in page
    assert len(stored_files(files_dir)) == 1  # the program's archive keeps it for reviews
    MessagingSettings.objects.create(program=chat.program, keep_deleted=False)
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = services.message_send(
            conversation=chat,
            author=cohort.amal.person,
            body="oops",
            files=[upload("a.png", PNG)],
        )
        services.message_delete(message=message, by=cohort.amal.person)
    assert not message.attachments.exists()
    assert len(stored_files(files_dir)) == 1, "erased with the message's text"


def test_staff_open_a_file_only_while_reviewing_with_a_reason_and_each_opening_is_recorded(
    client: Client, chat: Conversation, cohort: SimpleNamespace, video: Attachment
) -> None:
    bob = cohort.world.bob
    client.force_login(bob)
    url = reverse("messaging:staff_attachment", args=[chat.pk, video.pk])
    assert client.get(url).status_code == 404
    client.post(
        reverse("messaging:staff_conversation", args=[chat.pk]),
        {"form": "reason", "reason": "A concern about a shared video"},
    )
    page = client.get(reverse("messaging:staff_conversation", args=[chat.pk])).content.decode()
    # The player loads nothing until played: each recorded opening is one the staff chose.
    assert f'<video controls preload="none" src="{url}"' in page
    opened = AuditEvent.objects.filter(action="messaging.attachment_opened")
    before = opened.count()
    assert content(client.get(url)) == MP4
    assert opened.count() == before + 1
    # The player's seeks belong to that opening; starting again is a new one.
    assert client.get(url, headers={"Range": "bytes=5000-"}).status_code == 206
    assert opened.count() == before + 1
    client.get(url, headers={"Range": "bytes=0-"})
    assert opened.count() == before + 2
    row = opened.latest("pk")
    assert row.actor == bob
    assert row.data["reason"] == "A concern about a shared video"
    assert "clip" not in str(row.data)
    assert "clip" not in row.summary


def test_a_bucket_is_asked_for_the_range_only(
    client: Client, chat: Conversation, cohort: SimpleNamespace, video: Attachment, monkeypatch: Any
) -> None:
    asked = []

    class Bucket:
        def Object(self, key: str) -> Any:
            def get(Range: str) -> dict[str, Any]:
                asked.append((key, Range))
                first, last = (int(n) for n in Range.removeprefix("bytes=").split("-"))
                return {"Body": io.BytesIO(MP4[first : last + 1])}

            return SimpleNamespace(get=get)

    bucket_storage = SimpleNamespace(
        bucket=Bucket(), _normalize_name=lambda name: f"attachments/{name}"
    )
    monkeypatch.setattr(downloads, "storage", lambda: bucket_storage)
    client.force_login(cohort.dana.person)
    response = client.get(file_url(chat, video), headers={"Range": "bytes=100-199"})
    assert content(response) == MP4[100:200]
    assert asked == [(f"attachments/{video.stored_name}", "bytes=100-199")]


def test_under_asgi_a_file_is_read_a_chunk_at_a_time() -> None:
    """Django reads a synchronous stream whole into memory before sending it over ASGI; the
    asynchronous one reads as it sends."""
    handle = io.BytesIO(bytes(3 * downloads.CHUNK))
    handle.seek(10)

    async def gather() -> list[bytes]:
        return [chunk async for chunk in downloads._async_chunks(handle, 2 * downloads.CHUNK)]

    parts = asyncio.run(gather())
    assert [len(p) for p in parts] == [downloads.CHUNK, downloads.CHUNK]
    assert handle.closed


def test_the_refusal_never_rounds_a_size_down_to_the_limit() -> None:
    mb = attachments.MB
    assert attachments.size_over_limit(130 * mb, 100) == "130"
    assert attachments.size_over_limit(100 * mb + 1, 100) == "100.1"
    assert attachments.size_over_limit(int(100.4 * mb), 100) == "100.4"
    assert attachments.size_over_limit(int(1.3 * mb) + 28, 1) == "1.3"


def test_a_file_over_the_limit_is_not_kept_past_it_while_it_arrives(
    client: Client, chat: Conversation, cohort: SimpleNamespace, monkeypatch: Any
) -> None:
    MessagingSettings.objects.create(program=chat.program, attachment_limit_mb=1)
    kept: dict[int, int] = {}  # bytes each handler passed on to the temporary file
    receive = attachments.LimitedUploadHandler.receive_data_chunk

    def spy(self: Any, raw_data: bytes, start: int) -> bytes | None:
        passed = receive(self, raw_data, start)
        kept[id(self)] = kept.get(id(self), 0) + len(passed or b"")
        return passed

    monkeypatch.setattr(attachments.LimitedUploadHandler, "receive_data_chunk", spy)
    client.force_login(cohort.amal.person)
    response = send(client, chat, upload("big.mp4", MP4[:28] + bytes(3 * attachments.MB)))
    assert response.status_code == 400
    assert "“big.mp4” is 3 MB; the limit in this program is 1 MB." in response.content.decode()
    assert kept
    assert max(kept.values()) <= attachments.MB


def test_the_upload_handler_passes_files_within_the_limit_on() -> None:
    handler = attachments.LimitedUploadHandler(None, 100)
    handler.new_file("files", "a.png", "image/png", 150)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 60, 60) is None
    stand_in = handler.file_complete(60)
    assert stand_in is not None
    assert (stand_in.name, stand_in.size) == ("a.png", 120)
    handler.new_file("files", "b.png", "image/png", 50)
    handler.receive_data_chunk(b"y" * 50, 0)
    assert handler.file_complete(50) is None


def test_the_live_page_sends_files_and_shows_them_at_once(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    """conversation.js sends the form as FormData with the htmx header and puts the answer
    in the list."""
    client.force_login(cohort.amal.person)
    url = reverse("messaging:conversation", args=[chat.pk])
    response = client.post(
        url,
        {"body": "", "attachments": [upload("me.png", PNG)], "after": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert f'<img src="{file_url(chat, attachment)}" alt="me.png"' in response.content.decode()


def test_staff_open_files_sent_to_them_without_a_review(
    client: Client, cohort: SimpleNamespace
) -> None:
    from bridgeway.programs.models import Enrollment

    enrollment = Enrollment.objects.get(person=cohort.amal.person, program=cohort.world.program_a)
    to_staff = services.conversation_with_staff(enrollment=enrollment)
    services.message_send(
        conversation=to_staff,
        author=cohort.amal.person,
        body="My permit",
        files=[upload("permit.pdf", PDF)],
    )
    attachment = Attachment.objects.get()
    client.force_login(cohort.world.bob)
    url = reverse("messaging:staff_attachment", args=[to_staff.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="permit.pdf"'
    assert not AuditEvent.objects.filter(action="messaging.attachment_opened").exists()
    client.force_login(cohort.world.carol)
    assert client.get(url).status_code == 404


def test_a_range_is_served_the_same_under_asgi(
    chat: Conversation, cohort: SimpleNamespace, video: Attachment
) -> None:
    """uvicorn serves the app through ASGI, where the file is read asynchronously."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    async def fetch() -> tuple[int, str, bytes]:
        client = AsyncClient()
        await client.aforce_login(cohort.dana.person)
        response = await client.get(file_url(chat, video), headers={"Range": "bytes=5000-5099"})
        assert response.is_async  # not read whole into memory before it is sent
        body = b"".join([chunk async for chunk in response.streaming_content])
        return response.status_code, response["Content-Range"], body

    status, content_range, body = async_to_sync(fetch)()
    assert status == 206
    assert content_range == f"bytes 5000-5099/{len(MP4)}"
    assert body == MP4[5000:5100]


def test_files_for_a_closed_conversation_are_refused_with_the_reason_and_not_stored(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path
) -> None:
    Conversation.objects.filter(pk=chat.pk).update(status=Conversation.Status.CLOSED)
    chat.refresh_from_db()
    with pytest.raises(services.MessageError, match="This mentorship has closed"):
        services.message_send(
            conversation=chat, author=cohort.amal.person, body="", files=[upload("a.png", PNG)]
        )
    assert not Message.objects.exists()
    assert stored_files(files_dir) == []


@pytest.mark.parametrize("name", FILE_NAMES)
def test_an_svg_with_script_downloads_as_text_under_a_name_shown_as_text(
    client: Client, chat: Conversation, cohort: SimpleNamespace, files_dir: Path, name: str
) -> None:
    """QUALITY.md "xss" for uploads: an SVG carrying script is no image to Bridgeway — it is
    kept as plain text, offered as a .txt download that the browser may not sniff or run
    (sandboxed), and its hostile name is shown as text without its direction overrides."""
    services.message_send(
        conversation=chat, author=cohort.amal.person, body="x", files=[upload(name, SVG_FILE)]
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == "text/plain"
    assert "\u202e" not in attachment.name
    client.force_login(cohort.dana.person)
    html = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert not active_parts(html)
    response = client.get(file_url(chat, attachment))
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
