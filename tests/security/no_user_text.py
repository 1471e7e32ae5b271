"""Pages the XSS walk (tests/security/test_xss_pages.py) reaches without seeing a planted
payload, each with the reason. Keep a name here only while the reason holds: the walk fails
when a listed page starts showing planted text (then remove it, it is covered)."""

from __future__ import annotations

_SIGN_IN = (
    "sign-in, sign-up and two-step pages: a form and the reader's own address, no one's words"
)
_API_META = "the API's index, schema and explorer: describe endpoints, hold no data"
_OPERATORS = "operators' endpoint: counts and states, no one's words"
_FILE = (
    "the stored file itself, sent as a download that is never sniffed or run (nosniff, a "
    "sandboxing CSP): tests/messaging/test_attachments.py, where an SVG carrying script "
    "downloads as plain text"
)
_EXPORT = "a CSV/XLSX spreadsheet download: read by a spreadsheet program, not a browser"
_PDF = "a PDF: its HTML is held to the same rules before it is printed (test_pdf_html_*)"
_CALENDAR = "a calendar file (text/calendar), read by a calendar program, not a browser"
_COUNT = "an answer of numbers or states (counts, figures, a position, a choice of channels)"
_BLANK_FORM = "a blank form to create something: labels and choices of ours, no one's words yet"
_REDIRECT = "redirects to the page it is about (that page is walked under its own name)"
_HIDDEN = (
    "the isolation matrix's address for it is one agency A hides from everyone (a replaced, "
    "forged or near-miss token, another network): 404 or a redirect to every reader"
)

NO_USER_TEXT: dict[str, str] = {
    "breaches:network_new": _BLANK_FORM,
    "privacy_exports:download": (
        "the person's copy of their data, a zip sent as a download (never shown by a browser)"
    ),
    "api:privacy-exports-mine": (
        "the reader's requests for a copy of their data (JSON): dates, states and a link, no "
        "one's words"
    ),
    "api:erasure-mine": (
        "the reader's own erasure request (JSON): none in the isolation world; a request's "
        "reason would come back as data, as in every API answer"
    ),
    "api:staff-erasure-list": (
        "the agency's erasure requests (JSON): none in the isolation world; a request's reason "
        "would come back as data, as in every API answer"
    ),
    "consent:ask_again": (
        "the question asked again at sign-in: no purpose's text changed meaning in this world, "
        "so it redirects every reader on"
    ),
    "consent:texts": (
        "the consent texts of each purpose, written by the network's admins: the walk plants "
        "nothing in them yet (the shipped texts are ours)"
    ),
    "api:community-space-held": (
        "posts held back for review: none in this world (the agency's moderation queue, which "
        "lists held and reported posts, is reached as community:moderation)"
    ),
    "community:network_queue": (
        "the network's moderation queue: the world's report goes to the agency's queue "
        "(community:moderation, reached)"
    ),
    "api:funder-mappings": (
        "names and columns of a funder mapping are read from the mapping file's text, which the"
        " walk leaves as it is (a payload there makes the file unreadable)"
    ),
    "api:matching-suggestions": (
        "the world's only mentor has no free place, so the mentee's suggestions are empty; the "
        "match board (matching:board, reached) shows the same people"
    ),
    "api:matching-suggested-mentor": "one suggested mentor of the empty suggestions above",
    **dict.fromkeys(
        ["matching:preview", "api:matching-preview"],
        "a preview of a pair of a mentee and a mentor both free to pair: the world's pair are "
        "in a relationship already; the match board (matching:board, reached) shows them",
    ),
    **dict.fromkeys(
        [
            "account_confirm_login_code",
            "account_confirm_reauthentication_code",
            "account_email_verification_sent",
            "account_login",
            "account_request_login_code",
            "account_set_password",
            "account_signup",
            "accounts:mfa_required",
            "mfa_activate_totp",
            "mfa_authenticate",
            "mfa_deactivate_totp",
            "mfa_download_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_view_recovery_codes",
        ],
        _SIGN_IN,
    ),
    **dict.fromkeys(["api:api-root", "api:schema", "api:docs"], _API_META),
    **dict.fromkeys(["health", "metrics"], _OPERATORS),
    **dict.fromkeys(
        [
            "api:community-file",
            "api:conversation-attachment",
            "api:library-resource-file",
            "community:file",
            "learning:resource_file",
            "messaging:attachment",
            "messaging:staff_attachment",
            "reports:funder_mapping_file",
        ],
        _FILE,
    ),
    **dict.fromkeys(
        [
            "api:reports-agency-export",
            "api:reports-network-export",
            "reports:agency_export",
            "reports:network_export",
            "reports:partner_export",
            "api:funder-export",
            "api:funder-check",
            "reports:funder_export",
        ],
        _EXPORT,
    ),
    **dict.fromkeys(
        [
            "relationships:agreement_pdf",
            "relationships:staff_agreement_pdf",
            "reports:partner_letter_pdf",
            "reports:recognition_pdf",
            "reports:recognition_staff_pdf",
        ],
        _PDF,
    ),
    **dict.fromkeys(
        [
            "api:calendar-feed",
            "relationships:calendar_feed",
            "relationships:group_meeting_calendar",
        ],
        _CALENDAR,
    ),
    **dict.fromkeys(
        [
            "api:community-news-reach",
            "community:news_count",
            "api:partner-figures",
            "api:matching-recruitment-gap",
            "api:notification-preferences",
            "api:enrollment-waiting",
        ],
        _COUNT,
    ),
    **dict.fromkeys(
        [
            "community:news_network_new",
            "core:network_agency_new",
            "learning:network_resource_new",
            "questionnaires:question_new",
            "reports:assessment_question_new",
            "relationships:check_in",
            "relationships:close",
            "relationships:survey",
            "relationships:meeting_new",
            "relationships:group_check_in",
            "relationships:group_close",
            "relationships:group_survey",
            "relationships:group_meeting_new",
        ],
        _BLANK_FORM,
    ),
    **dict.fromkeys(
        [
            "notifications:open",
            "messaging:leave",
            "community:answer",
            "community:answers",
            "learning:quiz",
            "reports:funder_problems",
        ],
        _REDIRECT,
    ),
    **dict.fromkeys(
        [
            "community:news_agency_feed",
            "community:news_network",
            "community:news_network_feed",
            "community:news_program_feed",
            "notifications:unsubscribe",
            "programs:colleague_link",
            "relationships:calendar_feed",
            "screening:self_assessment_try",
            "core:invitation_accept",
            "community:expert_join",
            "reports:partner_join",
            "programs:program_invitation",
        ],
        _HIDDEN,
    ),
}
