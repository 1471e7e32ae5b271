"""Reads of the news. Every way from an id to a post goes through the reader's readable posts
or the staff member's managed ones: the same 404 for what does not exist and what is not theirs.

An archive (or feed) of a scope shows the sent posts the reader may read; a scope with nothing
for the reader — no public post, and the reader not a member — is the same 404 as one that
does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from bridgeway.community.news.models import Post, PostScope, PostState, PostVersion, Visibility
from bridgeway.community.news.notifications import version_for
from bridgeway.community.news.segments import GONE, managed_q, member_q
from bridgeway.core.models import Membership, Network, NetworkAdmin, Organization
from bridgeway.programs.models import Enrollment, Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


@dataclass(frozen=True)
class Scope:
    """Where posts are sent: the network, an agency (with its programs), or one program."""

    level: str
    network: Network
    organization: Organization | None = None
    program: Program | None = None

    @property
    def name(self) -> str:
        if self.program is not None:
            return self.program.name
        if self.organization is not None:
            return self.organization.name
        return self.network.name

    @property
    def value(self) -> str:
        """The scope as a form's choice: "program:<id>", "agency:<id>" or "network:<id>"."""
        if self.program is not None:
            return f"program:{self.program.pk}"
        if self.organization is not None:
            return f"agency:{self.organization.pk}"
        return f"network:{self.network.pk}"

    def posts_q(self) -> Q:
        if self.level == PostScope.PROGRAM:
            return Q(program=self.program)
        if self.level == PostScope.AGENCY:
            return Q(organization=self.organization)
        return Q(scope=PostScope.NETWORK, network=self.network)


def _with_versions(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("network", "organization", "program").prefetch_related(
        Prefetch("versions", queryset=PostVersion.objects.order_by("language"))
    )


def posts_readable(*, person: Person) -> QuerySet[Post]:
    """Sent posts the person may read: public ones, and members-only ones of their scopes."""
    sent = Post.objects.filter(state=PostState.SENT)
    if not person.is_authenticated:
        return sent.filter(visibility=Visibility.PUBLIC)
    return sent.filter(Q(visibility=Visibility.PUBLIC) | member_q(person))


def posts_managed(*, person: Person) -> QuerySet[Post]:
    if not person.is_authenticated:
        return Post.objects.none()
    return Post.objects.filter(managed_q(person))


def post_get_for_reader(*, person: Person, post_id: int) -> Post:
    post = _with_versions(posts_readable(person=person)).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def post_get_for_manager(*, person: Person, post_id: int) -> Post:
    post = _with_versions(posts_managed(person=person)).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def versions_of(post: Post) -> dict[str, PostVersion]:
    return {version.language: version for version in post.versions.all()}


def version_for_reader(post: Post, language: str) -> PostVersion:
    return version_for(post, versions_of(post), language)


def is_member(*, person: Person, scope: Scope) -> bool:
    """Whether the person belongs to the scope: enrolled there (not withdrawn or declined), on
    the staff of its agency (of any agency of the network), or admin of the network."""
    if not person.is_authenticated:
        return False
    enrollments = Enrollment.objects.filter(
        person=person, program__organization__is_active=True
    ).exclude(status__in=GONE)
    staff = Membership.objects.filter(person=person, organization__is_active=True)
    if scope.level == PostScope.PROGRAM:
        return (
            enrollments.filter(program=scope.program).exists()
            or staff.filter(organization=scope.organization).exists()
        )
    if scope.level == PostScope.AGENCY:
        return (
            enrollments.filter(program__organization=scope.organization).exists()
            or staff.filter(organization=scope.organization).exists()
        )
    return (
        enrollments.filter(program__organization__network=scope.network).exists()
        or staff.filter(organization__network=scope.network).exists()
        or NetworkAdmin.objects.filter(person=person, network=scope.network).exists()
    )


def scope_of_network(*, slug: str) -> Scope:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return Scope(level=PostScope.NETWORK, network=network)


def scope_of_agency(*, slug: str) -> Scope:
    agency = Organization.objects.select_related("network").filter(slug=slug, is_active=True)
    found = agency.first()
    if found is None:
        raise Http404
    return Scope(level=PostScope.AGENCY, network=found.network, organization=found)


def scope_of_program(*, program_id: int) -> Scope:
    program = (
        Program.objects.select_related("organization__network")
        .filter(pk=program_id, organization__is_active=True)
        .first()
    )
    if program is None:
        raise Http404
    organization = program.organization
    return Scope(
        level=PostScope.PROGRAM,
        network=organization.network,
        organization=organization,
        program=program,
    )


def scope_of_post(post: Post) -> Scope:
    return Scope(
        level=post.scope, network=post.network, organization=post.organization, program=post.program
    )


def archive_posts(*, person: Person, scope: Scope) -> QuerySet[Post]:
    """The scope's sent posts the person may read, newest first; 404 when there is none and
    the person is not a member (nothing to show them, and nothing to tell them about it)."""
    posts = _with_versions(posts_readable(person=person).filter(scope.posts_q())).order_by(
        "-sent_at", "-pk"
    )
    if not posts.exists() and not is_member(person=person, scope=scope):
        raise Http404
    return posts


def feed_posts(*, scope: Scope, limit: int = 50) -> list[Post]:
    """The scope's latest public posts; 404 when it has none."""
    posts = list(
        _with_versions(
            Post.objects.filter(
                scope.posts_q(), state=PostState.SENT, visibility=Visibility.PUBLIC
            ).order_by("-sent_at", "-pk")
        )[:limit]
    )
    if not posts:
        raise Http404
    return posts


def posts_of_scope_for_staff(*, scope: Scope) -> QuerySet[Post]:
    """Every post of the scope (drafts, scheduled, sent), for the staff's list."""
    return _with_versions(Post.objects.filter(scope.posts_q())).order_by(
        "state", "-sent_at", "-send_at", "-created_at", "-pk"
    )


def programs_of_agency(*, organization: Organization) -> list[Program]:
    return list(Program.objects.filter(organization=organization).order_by("name", "pk"))


def cohort_starts(*, scope: Scope) -> list[tuple[date, list[str]]]:
    """The cohort start dates of the scope's programs, each with its programs' names."""
    programs = Program.objects.exclude(cohort_start=None)
    if scope.level == PostScope.PROGRAM:
        programs = programs.filter(pk=scope.program.pk)  # type: ignore[union-attr]
    elif scope.level == PostScope.AGENCY:
        programs = programs.filter(organization=scope.organization)
    else:
        programs = programs.filter(organization__network=scope.network)
    starts: dict[date, list[str]] = {}
    rows = programs.order_by("cohort_start", "name").values_list("cohort_start", "name")
    for start, name in rows:
        if start is not None:
            starts.setdefault(start, []).append(name)
    return list(starts.items())


def network_of_admin(*, person: Person) -> Network | None:
    admin = NetworkAdmin.objects.filter(person=person).select_related("network").first()
    return admin.network if admin is not None else None


def scope_for_manager(*, person: Person, value: str) -> Scope | None:
    """A scope named "network:<id>", "agency:<id>" or "program:<id>" that the person may send
    to; None otherwise (the same for one that does not exist)."""
    level, _sep, raw = value.partition(":")
    if not raw.isdigit() or len(raw) > 18:
        return None
    pk = int(raw)
    staff = Membership.objects.filter(person=person, organization__is_active=True)
    if level == PostScope.NETWORK:
        admin = NetworkAdmin.objects.filter(person=person, network_id=pk).select_related("network")
        found = admin.first()
        return Scope(level=level, network=found.network) if found else None
    if level == PostScope.AGENCY:
        membership = staff.filter(organization_id=pk).select_related("organization__network")
        row = membership.first()
        if row is None:
            return None
        agency = row.organization
        return Scope(level=level, network=agency.network, organization=agency)
    if level == PostScope.PROGRAM:
        program = (
            Program.objects.select_related("organization__network")
            .filter(pk=pk, organization__in=staff.values("organization_id"))
            .first()
        )
        if program is None:
            return None
        return Scope(
            level=level,
            network=program.organization.network,
            organization=program.organization,
            program=program,
        )
    return None
