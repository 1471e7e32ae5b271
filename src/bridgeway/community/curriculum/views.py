"""Staff pages of curriculum mode: a program's prompts (/manage/programs/<id>/prompts/) and
one prompt with the pairs and groups that have answered it (/manage/prompts/<id>/). Behind
two-step verification, for the program's agency staff."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.community.curriculum import selectors, services
from bridgeway.community.curriculum.forms import PromptForm
from bridgeway.community.curriculum.models import Prompt
from bridgeway.core.access import ANY_STAFF, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.programs.selectors import program_get_for_staff


@mfa_required
def program_prompts(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    form = PromptForm(request.POST or None, time_zone=request.user.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            prompt = services.prompt_schedule(
                program=program,
                texts=form.cleaned_data["texts"],
                send_at=form.cleaned_data["send_at"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is scheduled. It will appear in every conversation under way.")
                % {"title": prompt.title},
            )
            return redirect("community:prompt", prompt.pk)
    return render(
        request,
        "community/curriculum/program_prompts.html",
        {
            "program": program,
            "organization": program.organization,
            "page": paginate(request, selectors.prompts_for_program(program=program)),
            "under_way": len(services.conversations_under_way(program)),
            "form": form,
            "time_zone": request.user.time_zone,
        },
        status=400 if form.errors else 200,
    )


@mfa_required
def prompt(request: AuthedRequest, pk: int) -> HttpResponse:
    """One prompt: change or cancel it while scheduled; afterwards, who answered."""
    item = selectors.prompt_get_for_staff(person=request.user, prompt_id=pk)
    zone = zoneinfo.ZoneInfo(request.user.time_zone)
    scheduled = item.status == Prompt.Status.SCHEDULED
    form = PromptForm(
        request.POST if request.method == "POST" and "change" in request.POST else None,
        time_zone=request.user.time_zone,
        initial=PromptForm.initial_for(item.texts, item.send_at, zone),
    )
    if request.method == "POST":
        try:
            if "cancel" in request.POST:
                services.prompt_cancel(prompt=item, by=request.user)
                messages.success(request, _("The prompt is cancelled: nobody will see it."))
                return redirect("community:program_prompts", item.program_id)
            if form.is_valid():
                services.prompt_change(
                    prompt=item,
                    texts=form.cleaned_data["texts"],
                    send_at=form.cleaned_data["send_at"],
                    by=request.user,
                )
                messages.success(request, _("The prompt is changed."))
                return redirect("community:prompt", item.pk)
        except DomainError as error:
            if scheduled and "change" in request.POST:
                form_add_domain_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("community:prompt", item.pk)
    return render(
        request,
        "community/curriculum/prompt.html",
        {
            "prompt": item,
            "program": item.program,
            "organization": item.program.organization,
            "scheduled": scheduled,
            "send_at_local": item.send_at.astimezone(zone),
            "form": form,
            "page": paginate(request, selectors.prompt_deliveries(prompt=item), per_page=50),
            "previews": [
                (code, text.get("title", ""), render_message(text.get("body", "")))
                for code, text in item.texts.items()
            ],
            "time_zone": request.user.time_zone,
        },
        status=400 if form.errors else 200,
    )
