"""How the audit log reads: a label per action code and, per code, how its details are worded,
in the reader's language, from the values the row keeps. Apps add the wording of their own
actions (`register_audit_detail`) in AppConfig.ready(); a row whose details cannot be worded
(older rows, or a code nobody words) shows the summary it was written with."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import StaffRole

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from bridgeway.core.models import AuditEvent

ACTION_LABELS: dict[str, StrOrPromise] = {
    "account.sign_out_everywhere": _("Signed out on every device"),
    "account.sign_out_device": _("Signed out on one device"),
    "erasure.request": _("Erasure of an account asked"),
    "erasure.withdraw": _("Erasure request withdrawn"),
    "erasure.approve": _("Erasure of an account approved"),
    "retention.update": _("Retention policy changed"),
    "organization.create": _("Agency created"),
    "organization.update": _("Agency settings changed"),
    "invitation.create": _("Staff member invited"),
    "invitation.accept": _("Staff invitation accepted"),
    "invitation.revoke": _("Staff invitation revoked"),
    "membership.change_role": _("Staff role changed"),
    "membership.remove": _("Staff member removed"),
    "program.create": _("Program created"),
    "program.update": _("Program changed"),
    "enrollment.apply": _("Application to a program"),
    "enrollment.status": _("Status changed"),
    "enrollment.withdraw": _("Participant withdrew"),
    "intake.consent": _("Intake consent given"),
    "waitlist.move": _("Moved on the waiting list"),
    "participants.import": _("Participants imported"),
    "participants.export": _("Participants exported"),
    "participants.invitation_accept": _("Program invitation accepted"),
    "participants.invitation_decline": _("Program invitation declined"),
    "programs.referral_link_replace": _("Colleague invitation link replaced"),
    "questionnaire.start": _("Questionnaire started from a model"),
    "assessments.instrument_add": _("Assessment instrument added"),
    "assessments.instrument_change": _("Assessment instrument changed"),
    "assessments.question_change": _("Assessment question added, changed or deleted"),
    "question.create": _("Profile question added"),
    "question.update": _("Profile question changed"),
    "question.delete": _("Profile question deleted"),
    "question.move": _("Profile question moved"),
    "screening.check": _("Screening check recorded"),
    "screening.check_expired": _("Screening check expired"),
    "screening.approve": _("Screening approved"),
    "screening.decline": _("Screening declined"),
    "screening.item_create": _("Checklist item added"),
    "screening.item_update": _("Checklist item changed"),
    "screening.item_delete": _("Checklist item deleted"),
    "screening.item_move": _("Checklist item moved"),
    "screening.items_defaults": _("Suggested checklist added"),
    "screening.assessment_defaults": _("Suggested self-assessment added"),
    "screening.question_create": _("Self-assessment question added"),
    "screening.question_update": _("Self-assessment question changed"),
    "screening.question_delete": _("Self-assessment question deleted"),
    "screening.question_move": _("Self-assessment question moved"),
    "screening.assessment_save": _("Self-assessment changed"),
    "training.module.create": _("Training module added"),
    "training.module.update": _("Training module changed"),
    "training.module.delete": _("Training module deleted"),
    "training.module.move": _("Training module moved"),
    "training.lesson.create": _("Lesson added"),
    "training.lesson.update": _("Lesson changed"),
    "training.lesson.delete": _("Lesson deleted"),
    "training.lesson.move": _("Lesson moved"),
    "training.question.create": _("Quiz question added"),
    "training.question.update": _("Quiz question changed"),
    "training.question.delete": _("Quiz question deleted"),
    "training.question.move": _("Quiz question moved"),
    "training.orientation.copy": _("Default orientation copied"),
    "matching.run": _("Matching proposal run"),
    "matching.set": _("Pair proposed"),
    "matching.withdraw": _("Proposal withdrawn"),
    "matching.decline": _("Proposal declined by the mentor"),
    "referral.create": _("Referral made"),
    "referral.withdraw": _("Referral withdrawn"),
    "referral.consent": _("Referral answered by the person"),
    "referral.receive": _("Referral received"),
    "referral.accept": _("Referral accepted"),
    "relationships.start": _("Mentorship started"),
    "relationships.request_expired": _("Request to a mentor not answered in time"),
    "relationships.agreement_template": _("Mentoring agreement changed"),
    "relationships.active": _("Mentorship agreement in force"),
    "relationships.close": _("Mentorship closed"),
    "relationships.group_form": _("Mentoring group formed"),
    "relationships.group_active": _("Mentoring group under way"),
    "relationships.group_close": _("Mentoring group closed"),
    "relationships.group_member_add": _("Member added to a mentoring group"),
    "relationships.group_member_leave": _("Member left a mentoring group"),
    "relationships.group_rematch": _("Mentee of a closed group back on the waiting list"),
    "messaging.staff_read": _("Conversation read by staff"),
    "messaging.attachment_opened": _("File of a conversation opened by staff"),
    "messaging.mediator_joined": _("Staff joined a conversation as mediator"),
    "messaging.flag_handled": _("Flagged message handled"),
    "messaging.flags_read": _("Flagged messages opened"),
    "messaging.settings": _("Messaging rules changed"),
    "concern.raise": _("Concern raised"),
    "concern.status": _("Concern status changed"),
    "concern.assign": _("Concern assigned"),
    "concern.priority": _("Concern priority changed"),
    "concern.note": _("Staff note added to a concern"),
    "concern.message": _("Message sent about a concern"),
    "concern.resolve": _("Concern resolved"),
    "concern.escalate": _("Concern escalated"),
    "concern.block": _("Person blocked pending review"),
    "concern.block_lift": _("Block lifted"),
    "experts.topic_create": _("Ask-an-Expert topic added"),
    "experts.topic_update": _("Ask-an-Expert topic changed"),
    "experts.invite": _("Expert invited"),
    "experts.accept": _("Expert invitation accepted"),
    "experts.update": _("Expert's topics changed"),
    "experts.remove": _("Expert removed"),
    "experts.route": _("Question routed to an expert"),
    "experts.close": _("Question to an expert closed"),
    "experts.escalate": _("Question to an expert escalated"),
    "experts.publish": _("Expert answer published"),
    "experts.publish_update": _("Published expert answer changed"),
    "experts.withdraw": _("Published expert answer withdrawn"),
    "community.space_create": _("Community space opened"),
    "community.space_update": _("Community space changed"),
    "community.pin": _("Community topic pinned"),
    "community.unpin": _("Community topic unpinned"),
    "community.lock": _("Community topic locked"),
    "community.unlock": _("Community topic unlocked"),
    "community.prompt_schedule": _("Prompt for every pair scheduled"),
    "community.prompt_change": _("Prompt for every pair changed"),
    "community.prompt_cancel": _("Prompt for every pair cancelled"),
    "community.news_create": _("Announcement or newsletter written"),
    "community.session_create": _("Group session scheduled"),
    "community.session_update": _("Group session changed"),
    "community.session_cancel": _("Group session cancelled"),
    "community.session_recording": _("Group session recording link added"),
    "community.session_attendance": _("Group session attendance marked"),
    "community.circle_create": _("Circle opened"),
    "community.circle_update": _("Circle changed"),
    "community.circle_leader": _("Circle leader named"),
    "community.circle_close": _("Circle closed"),
    "community.circle_invite": _("Person invited to a circle"),
    "community.circle_uninvite": _("Invitation to a circle taken back"),
    "community.circle_approve": _("Request to join a circle approved"),
    "community.circle_decline": _("Request to join a circle declined"),
    "community.circle_remove": _("Member taken out of a circle"),
    "community.news_update": _("Announcement or newsletter changed"),
    "community.news_schedule": _("Announcement or newsletter scheduled"),
    "community.news_unschedule": _("Scheduled announcement or newsletter taken back"),
    "community.news_send": _("Announcement or newsletter sent"),
    "community.hide": _("Community post hidden"),
    "community.unhide": _("Community post shown again"),
    "community.approve": _("Community post approved"),
    "community.reject": _("Community post not approved"),
    "community.move": _("Community topic moved"),
    "community.suspend": _("Person suspended from a community space"),
    "community.suspension_lift": _("Suspension from a community space lifted"),
    "community.moderator_add": _("Community moderator named"),
    "community.moderator_remove": _("Community moderator removed"),
    "community.report_dismiss": _("Community report dismissed"),
    "community.report_handled": _("Community report handled"),
    "library.resource_create": _("Library resource added"),
    "library.resource_update": _("Library resource changed"),
    "library.version_add": _("Library resource version added"),
    "library.version_update": _("Library resource version changed"),
    "library.version_delete": _("Library resource version removed"),
    "reports.mentorships_export": _("Mentorships exported, one row each"),
    "recognition.issue": _("Certificate of participation issued"),
    "recognition.revoke": _("Certificate or letter revoked"),
    "recognition.letter_issue": _("Letter to a mentor's employer issued"),
    "recognition.letter_decline": _("Request for a letter to an employer declined"),
    "reports.funder_mapping_upload": _("Funder mapping uploaded"),
    "reports.funder_export": _("Funder export downloaded"),
    "partners.create": _("Partner employer added"),
    "partners.update": _("Partner employer changed"),
    "partners.contact_invite": _("Partner contact invited"),
    "partners.contact_accept": _("Partner contact joined"),
    "partners.contact_remove": _("Partner contact removed"),
    "partners.link_request": _("Mentor named a partner as their employer"),
    "partners.link_propose": _("Partner employer suggested to a mentor"),
    "partners.link_accept": _("Mentor agreed to share with their employer"),
    "partners.link_update": _("Mentor changed what they share with their employer"),
    "partners.link_confirm": _("Mentor's link to their employer confirmed"),
    "partners.link_end": _("Mentor's link to their employer ended"),
    "partners.letter_share": _("Recognition letter sent to a partner's contacts"),
}

AuditDetail = Callable[[dict[str, Any]], str]
_details: dict[str, AuditDetail] = {}


def register_audit_detail(action: str, detail: AuditDetail) -> None:
    _details[action] = detail


def action_label(action: str) -> str:
    """The action in the reader's words; an unknown code as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def action_choices(actions: list[str]) -> list[tuple[str, str]]:
    """(code, label) for a filter, by label."""
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1].casefold())


def event_detail(event: AuditEvent) -> str:
    """The row's details in the reader's language, else the summary it was written with."""
    detail = _details.get(event.action)
    if detail is not None and event.data:
        try:
            return detail(event.data)
        except (KeyError, TypeError, ValueError):
            pass
    return event.summary


def _role(value: str) -> str:
    return str(StaffRole(value).label) if value in StaffRole.values else value


def with_reason(text: str, data: dict[str, Any]) -> str:
    """Add the words a person wrote (kept as they wrote them) to a worded detail."""
    reason = str(data.get("reason") or "").strip()
    return (
        gettext("%(detail)s. Reason: %(reason)s") % {"detail": text, "reason": reason}
        if reason
        else text
    )


register_audit_detail(
    "membership.change_role",
    lambda d: gettext("from %(old)s to %(new)s") % {"old": _role(d["from"]), "new": _role(d["to"])},
)
register_audit_detail(
    "invitation.create",
    lambda d: gettext("%(email)s as %(role)s") % {"email": d["email"], "role": _role(d["role"])},
)
