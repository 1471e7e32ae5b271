"""The pages that bring every app together: the public program directory, each person's
dashboard (one page for every role they hold) and an agency's overview with its programs and
what the apps have to say. They sit above the apps, so `core` stays the ground floor."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    organization_get_for_staff,
)
from bridgeway.core.dashboard import agency_panels, agency_todo, enrollment_panels
from bridgeway.core.http import AuthedRequest, HtmxRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.dashboard.cards_html import enrollment_cards_html
from bridgeway.dashboard.context_processors import header_sections, staff_memberships_shown
from bridgeway.dashboard.reads import dashboard_enrollments
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import (
    STATUS_BUCKETS,
    program_list_for_organization,
    program_list_public,
    programs_with_status_counts,
    status_bucket_counts,
)
from bridgeway.reports.partners.selectors import partners_of_contact


def home(request: HtmxRequest) -> HttpResponse:
    """The public landing page and the network's program directory."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    purpose = request.GET.get("purpose", "")
    kind = kind if kind in Program.Kind.values else ""
    purpose = purpose if purpose in Program.Purpose.values else ""
    programs = program_list_public(query=query, kind=kind, purpose=purpose)
    context = {
        "page": paginate(request, programs, per_page=12),
        "query": query,
        "kind": kind,
        "purpose": purpose,
        "kinds": Program.Kind.choices,
        "purposes": Program.Purpose.choices,
        "page_query": query_without_page(request),
    }
    template = "core/_directory.html" if request.htmx else "core/home.html"
    return render(request, template, context)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """One page for whatever roles the person holds: participant, staff, network admin."""
    person = request.user
    # The header's row answers whether the person is staff, runs the network or reads a
    # partner's figures; the page asks each list only when it has something to show.
    roles = header_sections(request)
    # The enrollments with what each panel needs to know first (dashboard/reads.py).
    enrollments = dashboard_enrollments(person=person)
    memberships = [
        (membership, agency_todo(organization=membership.organization))
        for membership in staff_memberships_shown(request)
    ]
    panels = enrollment_panels(enrollments=enrollments, person=person)
    cards = [(enrollment, panels[enrollment.pk]) for enrollment in enrollments]
    mentee_cards = [card for card in cards if card[0].role == "mentee"]
    mentor_cards = [card for card in cards if card[0].role == "mentor"]
    # The cards and their panels are written in one pass (dashboard/cards_html.py);
    # core/_my_enrollments.html and the panels' templates stay their description.
    return render(
        request,
        "core/dashboard.html",
        {
            "mentee_enrollments": mentee_cards,
            "mentor_enrollments": mentor_cards,
            "mentee_cards": enrollment_cards_html(mentee_cards, request) if mentee_cards else "",
            "mentor_cards": enrollment_cards_html(mentor_cards, request) if mentor_cards else "",
            "memberships": memberships,
            "is_network_admin": roles["network_admin"],
            "partners": list(partners_of_contact(person)) if roles["partner_contact"] else [],
        },
    )


@mfa_required
def agency_overview(request: AuthedRequest, org: str) -> HttpResponse:
    """The coordinator dashboard: the agency's programs with enrollment counts by status."""
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ANY_STAFF,
    )
    programs = programs_with_status_counts(
        programs=program_list_for_organization(organization=organization)
    )
    page = paginate(request, programs)
    return render(
        request,
        "core/agency_overview.html",
        {
            "organization": organization,
            "membership": membership,
            "page": page,
            "buckets": STATUS_BUCKETS,
            "rows": [(program, status_bucket_counts(program)) for program in page.object_list],
            "panels": agency_panels(organization=organization, person=request.user),
            "todo": agency_todo(organization=organization),
        },
    )
