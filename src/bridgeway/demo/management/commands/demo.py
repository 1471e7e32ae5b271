from typing import Any

from django.core.management.base import BaseCommand

from bridgeway.demo.assessments import demo_assessments
from bridgeway.demo.circles import demo_circles
from bridgeway.demo.colleagues import demo_colleagues
from bridgeway.demo.community import demo_community
from bridgeway.demo.erasure import demo_erasure
from bridgeway.demo.experts import demo_experts
from bridgeway.demo.exports import demo_exports
from bridgeway.demo.funders import demo_funders
from bridgeway.demo.groups import demo_groups
from bridgeway.demo.library import demo_library
from bridgeway.demo.network import DEMO_PASSWORD, demo_load
from bridgeway.demo.news import demo_news
from bridgeway.demo.partners import demo_partners
from bridgeway.demo.privacy import demo_privacy
from bridgeway.demo.quality import demo_match_quality
from bridgeway.demo.recognition import demo_recognition
from bridgeway.demo.reports import demo_reports
from bridgeway.demo.rich import demo_enrich
from bridgeway.demo.sessions import demo_sessions


class Command(BaseCommand):
    help = "Load the demo network (two agencies, programs, people). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = demo_load()
        demo_colleagues()
        demo_enrich()
        demo_community()
        demo_groups()
        demo_news()
        demo_sessions()
        demo_reports()
        demo_funders()
        demo_match_quality()
        sign_ins.append(demo_experts())
        demo_library()
        demo_assessments()
        demo_recognition()
        demo_circles()
        demo_exports()
        demo_privacy()
        demo_erasure()
        partner_contact = demo_partners()
        if partner_contact is not None:
            sign_ins.append(partner_contact)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo network ready. Sign in at http://127.0.0.1:8000/accounts/login/"
            )
        )
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}\n")
        self.stdout.write("Staff must use two-step verification: add the secret to an")
        self.stdout.write(
            "authenticator app, or print today's code with `bridgeway totp-code EMAIL`.\n"
        )
        for sign_in in sign_ins:
            line = f"  {sign_in.role:<22} {sign_in.email:<42}"
            if sign_in.totp_secret:
                line += f" TOTP secret {sign_in.totp_secret}"
            self.stdout.write(line)
