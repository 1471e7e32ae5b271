"""Browser test for attachments: in the demo network, a mentee sends a photo from her
conversation page (conversation.js sends it without reloading the page) and it shows as an
image; a file over the program's limit is refused in place, with the limit, without sending it
a second time; a hostile file name stays text; no CSP violation, and axe finds nothing. A voice
note plays in the page's audio element and seeks with byte ranges (206)."""

from __future__ import annotations

import io
import math
import struct
import wave
import zlib
from typing import Any

import pytest

from bridgeway.messaging.models import (
    Attachment,
    Conversation,
    Member,
    Message,
    MessagingSettings,
)
from bridgeway.programs.models import Enrollment
from tests.e2e.browser import axe_violations, describe_violations, email, sign_in

pytestmark = pytest.mark.e2e


def png(width: int = 2, height: int = 2, padding: int = 0) -> bytes:
    """A real PNG (grey pixels), with `padding` bytes of a private chunk to make it larger."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack("!IIBBBBB", width, height, 8, 0, 0, 0, 0)
    extra = chunk(b"prVt", bytes(padding)) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_mentee_sends_a_photo_and_an_oversized_file_is_refused_in_place(
    demo: dict[str, Any], new_page: Any
) -> None:
    yara, fatima = (
        Enrollment.objects.select_related("program").get(person__email=email(local))
        for local in ("mentee.yara", "mentor.fatima")
    )
    chat = Conversation.objects.create(
        organization_id=yara.program.organization_id,
        program=yara.program,
        kind=Conversation.Kind.GROUP,
        title="Yara and Fatima",
    )
    for enrollment in (yara, fatima):
        Member.objects.create(conversation=chat, person_id=enrollment.person_id)
    page = new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, email("mentee.yara"))
    page.goto(f"/my/messages/{chat.pk}/")
    page.evaluate("window.sameVisit = true")  # gone if the page reloads

    name = "<img src=x onerror=alert(1)>letter.png"
    page.set_input_files(
        "#compose input[type=file]",
        files=[{"name": name, "mimeType": "image/png", "buffer": png(40, 30)}],
    )
    page.locator("#compose button[type=submit]").click()
    image = page.locator("#message-list img.attachment-image, #message-list .attachment img")
    image.first.wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('#message-list .attachment img');"
        " return i && i.complete && i.naturalWidth === 40; }"
    )
    assert image.first.get_attribute("alt") == name
    assert page.evaluate("window.sameVisit === true"), "sent without reloading the page"
    assert page.evaluate("document.querySelector('#compose input[type=file]').files.length") == 0
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"

    MessagingSettings.objects.update_or_create(
        program=chat.program, defaults={"attachment_limit_mb": 1}
    )
    page.set_input_files(
        "#compose input[type=file]",
        files=[{"name": "scan.png", "mimeType": "image/png", "buffer": png(padding=1_300_000)}],
    )
    page.locator("#compose button[type=submit]").click()
    error = page.locator("#compose .error")
    error.wait_for()
    assert "“scan.png” is 1.2 MB; the limit in this program is 1 MB." in error.inner_text()
    assert page.evaluate("window.sameVisit === true"), "refused in place, not sent again"
    assert Message.objects.filter(conversation=chat, attachments__isnull=False).count() == 1

    found = axe_violations(page)
    assert not found, describe_violations(found)
    assert not violations, violations


def wav(seconds: int, rate: int = 22_050) -> bytes:
    """A real WAV file: a quiet tone, mono, 16-bit."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        tone = (int(3000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate * seconds))
        sound.writeframes(b"".join(struct.pack("<h", v) for v in tone))
    return buffer.getvalue()


def test_a_voice_note_plays_in_the_page_and_seeks_with_byte_ranges(
    demo: dict[str, Any], new_page: Any
) -> None:
    yara = Enrollment.objects.select_related("program").get(person__email=email("mentee.yara"))
    chat = Conversation.objects.create(
        organization_id=yara.program.organization_id,
        program=yara.program,
        kind=Conversation.Kind.GROUP,
    )
    Member.objects.create(conversation=chat, person_id=yara.person_id)
    page = new_page()
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if "/files/" in r.url else None)
    sign_in(page, email("mentee.yara"))
    page.goto(f"/my/messages/{chat.pk}/")
    page.set_input_files(
        "#compose input[type=file]",
        files=[{"name": "note.wav", "mimeType": "audio/wav", "buffer": wav(40)}],
    )
    page.locator("#compose button[type=submit]").click()
    page.locator("#message-list audio").wait_for()
    duration = page.evaluate(
        """() => new Promise((done, fail) => {
             const audio = document.querySelector('#message-list audio');
             const seek = () => {
               audio.addEventListener('seeked', () => done(audio.duration), { once: true });
               audio.currentTime = 30;
             };
             if (audio.readyState >= 1) { seek(); } else {
               audio.addEventListener('loadedmetadata', seek, { once: true });
               audio.addEventListener('error', () => fail(String(audio.error && audio.error.code)));
               audio.load();
             }
           })"""
    )
    assert round(duration) == 40
    assert 206 in answers, answers
