"""How fast the community's search answers over 100,000 forum posts in several languages.

    python bench/bench_forum_search.py                        # 100,000 posts, SQLite (FTS5)
    python bench/bench_forum_search.py --postgres             # PostgreSQL full text + Redis
    python bench/bench_forum_search.py --posts 10000 --repeat 5    # a quick try
    python bench/bench_forum_search.py --data /tmp/forum-100k      # keep the data, reuse it
    # PostgreSQL kept running between runs (the data is built once, then reused):
    python tests/with_services.py -- bash -c 'python bench/bench_forum_search.py; bash'

Builds one network of 4 agencies with 2 programs each, `--people` participants (mentees,
mentors and alumni, a few withdrawn) and 30 spaces at the three levels for every audience
(everyone, mentors, mentees, alumni, two sector spaces). Then `--posts` topics and replies
(one topic for seven replies, a few topics drawing most replies) in English, French, Spanish,
Arabic and Tagalog: words drawn from each language's word list with Zipf weights (function
words most often, then the words newcomers and mentors write about, then rarer ones), some
accented, and one post in twenty carrying a rare word. A few posts are held for review,
refused or hidden. Rows are written in bulk with the search index kept as the app keeps it:
the FTS5 table filled by the migration's triggers on SQLite, the GIN expression indexes on
PostgreSQL.

Each search is asked as one mentee of the first program, who reads 7 of the 30 spaces (their
program's, their agency's open space, the network's open, newcomer and sector spaces), so the
access filter is exercised:

- selector: `community.search.topics_matching` with what the search page does with it (the
  count for the pagination and the first 20 topics with their space and author);
- page: `GET /community/search/?q=…` through Django's test client in this process (middleware,
  view, template), with the queries counted;
- http: the same page from one server process (`uvicorn bridgeway.config.asgi:application`,
  production settings) over a kept-alive connection with the member's session cookie.

Searches: common words in English and French, a common Arabic and Tagalog word, a rare word,
an accented word and the same word typed without accents, a Spanish word typed without its
accent, a prefix, several words together, and words no post holds. Each is asked `--repeat`
times, in turn, after one round not counted. Prints p50, p95 and the slowest in ms per search
and for all together, with the CPU time of the process that answered (this one, or the
server's; PostgreSQL's own is not counted), the number of topics found, the page's queries,
and the load average: on a shared machine the CPU time is the steadier figure.

The database is a throwaway SQLite file (WAL) in a temporary folder; `--postgres` runs the
same through tests/with_services.py (a throwaway PostgreSQL and Redis). A database that
already holds the bench's network with as many posts (a `--data` folder, or `DATABASE_URL` of
a server kept running) is reused as it is.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]

# Words of each language, most frequent first (Zipf weights follow the order). Function words
# first, then what newcomers, mentors and staff write about, then rarer words.
WORDS = {
    "en": (
        "the to and a of in i for is you it that my with on have this be was are at as but"
        " can so if we do not or about your from they what me there will an just would all"
        " job work interview resume canada help thanks experience first time know people"
        " license course english mentor meeting week new good question find looking advice"
        " apply employer company network skills year month city toronto vancouver housing"
        " rent apartment doctor nurse engineer accountant exam certificate credential"
        " assessment volunteer training program family children school bank account card"
        " health insurance winter bus transit neighbour community library language class"
        " teacher manager office career goal plan salary offer reference linkedin coffee"
        " networking event workshop deadline immigration permit residency citizenship"
        " settlement agency counsellor waiting list match session webinar group circle"
        " application portfolio professional association regulator bridging licensure"
        " registration clinical placement internship apprenticeship electrician plumber"
        " welder carpenter pharmacist dentist physiotherapist veterinarian architect"
        " paralegal bookkeeping payroll taxes daycare groceries furniture lease deposit"
        " landlord tenant roommate commute snow boots weather holiday thanksgiving"
    ),
    "fr": (
        "le la les de des et à un une en du que qui pour dans est pas je vous il elle nous"
        " sur avec ce cette mais ou par plus très aussi bien merci bonjour"
        " emploi travail entrevue curriculum expérience français anglais mentor réunion"
        " semaine question conseil employeur entreprise réseau compétences année mois"
        " ville montréal québec logement loyer appartement médecin infirmière ingénieur"
        " comptable examen diplôme équivalence évaluation bénévolat formation programme"
        " famille enfants école banque santé assurance hiver autobus quartier communauté"
        " bibliothèque cours enseignant gestionnaire bureau carrière objectif salaire"
        " référence café événement atelier échéance immigration permis résidence"
        " citoyenneté établissement organisme conseillère attente jumelage séance"
        " webinaire groupe cercle candidature ordre professionnel stage apprentissage"
        " électricien plombier soudeur charpentier pharmacien dentiste physiothérapeute"
        " vétérinaire architecte comptabilité impôts garderie épicerie meubles bail"
        " propriétaire locataire neige bottes été automne fête reconnaissance"
    ),
    "es": (
        "el la los las de y en que a un una por para con es no se mi su lo como más pero"
        " muy también gracias hola trabajo empleo entrevista currículum experiencia inglés"
        " francés mentor reunión semana pregunta consejo empleador empresa red habilidades"
        " año mes ciudad vivienda alquiler apartamento médico enfermera ingeniero contador"
        " examen título convalidación evaluación voluntariado capacitación programa familia"
        " niños escuela banco salud seguro invierno autobús vecindario comunidad biblioteca"
        " curso profesor gerente oficina carrera meta salario referencia café evento taller"
        " inmigración permiso residencia ciudadanía agencia consejera espera sesión grupo"
        " círculo solicitud colegio profesional práctica aprendizaje electricista fontanero"
        " soldador carpintero farmacéutico dentista fisioterapeuta veterinario arquitecto"
        " contabilidad impuestos guardería mercado muebles contrato propietario inquilino"
        " nieve botas verano otoño información búsqueda próximo días"
    ),
    "ar": (
        "في من على إلى و أن هذا هذه عن مع كان لا ما هل أنا نحن هو هي كل بعد قبل شكرا"
        " عمل وظيفة مقابلة سيرة خبرة كندا مساعدة اللغة الإنجليزية الفرنسية مرشد اجتماع"
        " أسبوع سؤال نصيحة صاحب شركة شبكة مهارات سنة شهر مدينة تورونتو سكن إيجار شقة"
        " طبيب ممرضة مهندس محاسب امتحان شهادة معادلة تقييم تطوع تدريب برنامج عائلة"
        " أطفال مدرسة بنك صحة تأمين شتاء حافلة حي مجتمع مكتبة دورة معلم مدير مكتب"
        " مهنة هدف راتب مرجع قهوة فعالية ورشة موعد هجرة تصريح إقامة جنسية استقرار"
        " وكالة مستشارة انتظار جلسة مجموعة دائرة طلب نقابة تدريب_عملي كهربائي سباك"
        " لحام نجار صيدلي طبيب_أسنان معالج بيطري معماري ضرائب حضانة بقالة أثاث عقد"
        " مالك مستأجر ثلج أحذية صيف خريف عيد"
    ),
    "tl": (
        "ang ng sa mga at na ay ako ko ka mo siya kami tayo sila ito iyan para may wala"
        " hindi oo po salamat kumusta trabaho panayam karanasan ingles pranses mentor"
        " pulong linggo tanong payo amo kumpanya kasanayan taon buwan lungsod bahay upa"
        " apartment doktor nars inhinyero accountant pagsusulit sertipiko pagsusuri"
        " boluntaryo pagsasanay programa pamilya anak paaralan bangko kalusugan seguro"
        " taglamig bus kapitbahay komunidad aklatan kurso guro tagapamahala opisina"
        " karera layunin sahod sanggunian kape kaganapan palihan imigrasyon permiso"
        " paninirahan pagkamamamayan ahensya tagapayo paghihintay sesyon grupo bilog"
        " aplikasyon propesyonal elektrisyan tubero manghihinang karpintero parmasyutiko"
        " dentista beterinaryo arkitekto buwis daycare grocery muwebles kontrata may-ari"
        " nangungupahan niyebe bota tag-init taglagas pista"
    ),
}
WEIGHTS = {"en": 40, "fr": 25, "es": 13, "ar": 12, "tl": 10}
# One post in twenty carries one of these; each ends up in a few dozen posts out of 100,000.
RARE = (
    "ophthalmology sonographer actuarial stenography cartography lexicographer horticulture"
    " gerontology toxicologist audiology métallurgie ébénisterie orthophoniste océanographe"
    " sismologie hidrología enología podología ortodoncista topógrafo طوبوغرافيا"
    " جيولوجيا قبالة سمعيات مختبرات pagmimina paghahalaman pananahi panday kartograpo"
)

# What is searched: a label and what the person types.
SEARCHES = [
    ("common (en)", "interview"),
    ("common (fr)", "emploi"),
    ("common (ar)", "وظيفة"),
    ("common (tl)", "trabaho"),
    ("rare", "sonographer"),
    ("accented", "médecin"),
    ("unaccented", "medecin"),
    ("es unaccented", "informacion"),
    ("prefix", "certif"),
    ("two words", "nurse exam"),
    ("four words", "looking for a job"),
    ("no hit", "quantum zebra violin"),
]

AGENCIES = 4
PROGRAMS_PER_AGENCY = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data: str | None) -> None:
    if data:
        Path(data).mkdir(parents=True, exist_ok=True)
        os.environ["BRIDGEWAY_DATA_DIR"] = str(Path(data).resolve())
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )


class Writer:
    """Text in one of the languages, words drawn with Zipf weights from its list."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.languages = list(WEIGHTS)
        self.language_weights = [WEIGHTS[code] for code in self.languages]
        self.words = {code: WORDS[code].split() for code in WORDS}
        self.rare = RARE.split()
        self.cumulative: dict[str, list[float]] = {}
        for code, words in self.words.items():
            total = 0.0
            running = []
            for rank in range(len(words)):
                total += 1 / (rank + 1) ** 0.9
                running.append(total)
            self.cumulative[code] = running

    def language(self) -> str:
        return self.rng.choices(self.languages, self.language_weights)[0]

    def text(self, language: str, low: int, high: int) -> str:
        words = self.rng.choices(
            self.words[language],
            cum_weights=self.cumulative[language],
            k=self.rng.randint(low, high),
        )
        words = [w.replace("_", " ") for w in words]
        if self.rng.random() < 0.05:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(self.rare))
        # Sentences of 6 to 14 words, each starting with a capital and ending with a stop.
        sentences = []
        while words:
            take = self.rng.randint(6, 14)
            sentence, words = words[:take], words[take:]
            sentences.append(sentence[0][:1].upper() + " ".join(sentence)[1:] + ".")
        return " ".join(sentences)

    def title(self, language: str) -> str:
        text = self.text(language, 4, 9).rstrip(".")
        return text.split(". ")[0][:160]


def spaces_of(network: Any, agencies: list[Any], programs: list[Any]) -> list[Any]:
    """The 30 spaces: 6 of the network, 2 of each agency, 2 of each program."""
    from bridgeway.community.models import Audience, Level, Space

    rows = [
        Space(level=Level.NETWORK, network=network, name="Welcome", audience=Audience.EVERYONE),
        Space(level=Level.NETWORK, network=network, name="Mentors", audience=Audience.MENTORS),
        Space(level=Level.NETWORK, network=network, name="Newcomers", audience=Audience.MENTEES),
        Space(level=Level.NETWORK, network=network, name="Alumni", audience=Audience.ALUMNI),
        Space(level=Level.NETWORK, network=network, name="Health careers", sector="3"),
        Space(level=Level.NETWORK, network=network, name="Trades", sector="7"),
    ]
    for agency in agencies:
        rows.append(Space(level=Level.AGENCY, network=network, organization=agency, name="Open"))
        rows.append(
            Space(
                level=Level.AGENCY,
                network=network,
                organization=agency,
                name="Mentors",
                audience=Audience.MENTORS,
            )
        )
    for program in programs:
        common = {"network": network, "organization": program.organization, "program": program}
        rows.append(Space(level=Level.PROGRAM, name="Everyone", **common))
        rows.append(Space(level=Level.PROGRAM, name="Mentees", audience=Audience.MENTEES, **common))
    return Space.objects.bulk_create(rows)


def write_posts(
    total: int,
    rng: random.Random,
    writer: Writer,
    spaces: list[Any],
    authors: list[int],
    member: int,
) -> None:
    """One topic for seven replies over the last two years, written in the order they were
    posted (as the app writes them, so the search index's order is the posts' order)."""
    from django.utils import timezone

    from bridgeway.community.models import PostState, Reply, Topic

    now = timezone.now()
    # Network spaces draw the most topics; a program's the fewest.
    space_weights = [{"network": 6, "agency": 3, "program": 1}[s.level] for s in spaces]

    def state() -> dict[str, Any]:
        roll = rng.random()
        if roll < 0.015:
            return {"state": PostState.HELD}
        if roll < 0.02:
            return {"state": PostState.REJECTED, "review_note": "Off topic."}
        if roll < 0.03:
            return {"hidden_at": now, "hidden_reason": "Personal details."}
        return {}

    def author() -> int:
        return member if rng.random() < 0.001 else rng.choice(authors)

    topics = []
    language_of = {}
    for _ in range(max(1, total // 8)):
        language = writer.language()
        created = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        topic = Topic(
            space=rng.choices(spaces, space_weights)[0],
            author_id=author(),
            title=writer.title(language),
            body=writer.text(language, 25, 140),
            created_at=created,
            last_activity_at=created,
            **state(),
        )
        language_of[id(topic)] = language
        topics.append(topic)
    # A few topics draw most of the replies (Pareto weights); most replies are written in the
    # topic's language.
    draw = [rng.paretovariate(1.2) for _ in topics]
    replies = []
    for _ in range(total - len(topics)):
        topic = rng.choices(topics, draw)[0]
        created = min(now, topic.created_at + timedelta(minutes=rng.randrange(60 * 24 * 60)))
        language = language_of[id(topic)] if rng.random() < 0.8 else writer.language()
        replies.append(
            Reply(
                topic=topic,
                author_id=author(),
                body=writer.text(language, 8, 80),
                created_at=created,
                **state(),
            )
        )
        topic.last_activity_at = max(topic.last_activity_at, created)
        topic.reply_count += 1
    timeline = sorted([*topics, *replies], key=lambda post: post.created_at)
    for start in range(0, len(timeline), 2000):
        batch = timeline[start : start + 2000]
        Topic.objects.bulk_create([p for p in batch if isinstance(p, Topic)])
        for post in batch:
            if isinstance(post, Reply):
                post.topic_id = post.topic.pk
        Reply.objects.bulk_create([p for p in batch if isinstance(p, Reply)])


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """The network, its people and spaces, the posts; the member's session."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bridgeway.accounts.models import Person
    from bridgeway.community.access import spaces_readable
    from bridgeway.core.models import Network, Organization
    from bridgeway.programs.models import Enrollment, Program

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed files
    network = Network.objects.create(name="Bench network", slug="bench-network")
    agencies = [
        Organization.objects.create(network=network, name=f"Agency {a}", slug=f"agency-{a}")
        for a in range(AGENCIES)
    ]
    programs = [
        Program.objects.create(
            organization=agency, name=f"Program {a}.{p}", slug=f"p{a}-{p}", summary="Bench."
        )
        for a, agency in enumerate(agencies)
        for p in range(PROGRAMS_PER_AGENCY)
    ]
    rng = random.Random(1)
    member = Person.objects.create(email="member@bench.example", display_name="Mina Member")
    Enrollment.objects.create(program=programs[0], person=member, role="mentee", status="ready")
    Person.objects.bulk_create(
        (
            Person(email=f"p{i}@bench.example", display_name=f"Person {i:05d}")
            for i in range(args.people)
        ),
        batch_size=2000,
    )
    people = list(
        Person.objects.filter(email__startswith="p", email__endswith="@bench.example").order_by(
            "pk"
        )
    )
    statuses = ["ready", "waitlisted", "matched", "alumni", "closed", "withdrawn"]
    Enrollment.objects.bulk_create(
        (
            Enrollment(
                program=rng.choice(programs),
                person=person,
                role=rng.choice(["mentee", "mentee", "mentor"]),
                status=rng.choices(statuses, [30, 20, 30, 10, 5, 5])[0],
            )
            for person in people
        ),
        batch_size=2000,
    )
    spaces = spaces_of(network, agencies, programs)
    writer = Writer(rng)
    write_posts(args.posts, rng, writer, spaces, [p.pk for p in people], member.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO community_post_fts(community_post_fts) VALUES ('optimize')")

    readable = spaces_readable(member).count()
    print(
        f"network: {len(spaces)} spaces (the member reads {readable}), {len(people) + 1} people, "
        f"{args.posts} topics and replies, "
        f"built in {time.perf_counter() - started:.1f} s "
        f"({settings.DATABASES['default']['ENGINE']})",
        flush=True,
    )
    return session_of(member)


def session_of(person: Any) -> dict[str, Any]:
    """A signed-in session of the person, as the bench's HTTP client sends it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from bridgeway.accounts.session_engines.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return {
        "member": person.pk,
        "session": store.session_key,
        "cookie": settings.SESSION_COOKIE_NAME,
    }


def prepared(args: argparse.Namespace) -> dict[str, Any]:
    """`prepare`, or the network an earlier run left in the same database (a `--data` folder,
    or a PostgreSQL kept running with `tests/with_services.py -- bash`) if it has as many
    posts."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.utils import OperationalError, ProgrammingError

    from bridgeway.accounts.models import Person
    from bridgeway.community.models import Reply, Topic

    try:
        member = Person.objects.filter(email="member@bench.example").first()
    except (OperationalError, ProgrammingError):  # an empty database: not migrated yet
        member = None
    if member is None:
        return prepare(args)
    posts = Topic.objects.count() + Reply.objects.count()
    if posts != args.posts:
        raise SystemExit(f"this database holds {posts} posts, not {args.posts}; use another")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # a new data folder
    print(f"network: reusing the {posts} posts already in the database", flush=True)
    return session_of(member)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, times: list[float], cpu: list[float], extra: str = "") -> str:
    return (
        f"{label:16} p50={percentile(times, 0.5):7.1f} ms  p95={percentile(times, 0.95):7.1f} ms"
        f"  max={max(times):7.1f} ms  CPU p50={percentile(cpu, 0.5):6.1f} "
        f"p95={percentile(cpu, 0.95):6.1f} mean={sum(cpu) / len(cpu):6.1f} ms  {extra}"
    )


Times = dict[str, list[float]]


def timed_rounds(ask: Any, repeat: int, cpu: Any = time.process_time) -> tuple[Times, Times]:
    """Each search once not counted, then `repeat` rounds of every search in turn: the wall
    time of each and the CPU time `cpu()` (seconds, cumulative) counted during it."""
    times: Times = {label: [] for label, _ in SEARCHES}
    spent: Times = {label: [] for label, _ in SEARCHES}
    for round_number in range(repeat + 1):
        for label, text in SEARCHES:
            c0 = cpu()
            t0 = time.perf_counter()
            ask(text)
            elapsed = (time.perf_counter() - t0) * 1000
            used = (cpu() - c0) * 1000
            if round_number:
                times[label].append(elapsed)
                spent[label].append(used)
    return times, spent


def report(path: str, measured: tuple[Times, Times], notes: dict[str, str]) -> None:
    times, cpu = measured
    print(f"-- {path}", flush=True)
    for label, _ in SEARCHES:
        print(summary(label, times[label], cpu[label], notes.get(label, "")), flush=True)
    every = [t for values in times.values() for t in values]
    every_cpu = [t for values in cpu.values() for t in values]
    print(summary("all searches", every, every_cpu, f"n={len(every)}"), flush=True)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used, from /proc (Linux), in
    steps of 10 ms: read it as a mean over many requests."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_process(data: dict[str, Any], args: argparse.Namespace) -> None:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bridgeway.accounts.models import Person
    from bridgeway.community.search import topics_matching

    member = Person.objects.get(pk=data["member"])
    found: dict[str, int] = {}
    queries: dict[str, int] = {}

    def selector(text: str) -> None:
        # As the search page does (core/pagination.py): the count, then the first page.
        page = Paginator(topics_matching(person=member, text=text), 20).get_page(1)
        found[text] = page.paginator.count
        for topic in page.object_list:
            _ = (topic.space.name, topic.author.display_name)

    times = timed_rounds(selector, args.repeat)
    report(
        "selector (topics_matching, the count and the first page of 20)",
        times,
        {label: f"found {found[text]}" for label, text in SEARCHES},
    )

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[data["cookie"]] = data["session"]

    def page(text: str) -> None:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/community/search/", {"q": text})
        if response.status_code != 200:
            raise RuntimeError(f"search {text!r}: {response.status_code}")
        queries[text] = len(captured.captured_queries)

    times = timed_rounds(page, args.repeat)
    report(
        "page in process (GET /community/search/?q=…, Django's test client)",
        times,
        {label: f"{queries[text]} queries" for label, text in SEARCHES},
    )


def over_http(data: dict[str, Any], args: argparse.Namespace) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bridgeway.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": f"{data['cookie']}={data['session']}"}
        sizes: dict[str, int] = {}

        def ask(text: str) -> None:
            path = "/community/search/?" + urlencode({"q": text})
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"search {text!r}: {response.status} {body[:300]!r}")
            sizes[text] = len(body)

        times = timed_rounds(ask, args.repeat, cpu=lambda: server_cpu(server.pid))
        report(
            "over HTTP (one uvicorn process, production settings; CPU: the server's, "
            "in 10 ms steps)",
            times,
            {label: f"page {sizes[text] / 1024:.0f} KiB" for label, text in SEARCHES},
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(args: argparse.Namespace) -> None:
    data = prepared(args)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    if args.only in ("", "process"):
        in_process(data, args)
    if args.only in ("", "http"):
        over_http(data, args)
    after = os.getloadavg()
    print(f"load average after: {after[0]:.1f} {after[1]:.1f} {after[2]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="topics and replies in all")
    parser.add_argument("--people", type=int, default=2_000, help="participants who post")
    parser.add_argument("--repeat", type=int, default=20, help="counted rounds of every search")
    parser.add_argument("--only", choices=["", "process", "http"], default="")
    parser.add_argument(
        "--postgres", action="store_true", help="run beside a throwaway PostgreSQL and Redis"
    )
    parser.add_argument("--data", help="folder to keep the SQLite data in and reuse")
    args = parser.parse_args()
    if args.postgres and args.data:
        parser.error("--data keeps a SQLite file; it cannot be used with --postgres")
    if args.postgres and "DATABASE_URL" not in os.environ:
        argv = [a for a in sys.argv[1:] if a != "--postgres"]
        command = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        os.execv(  # noqa: S606 (the same interpreter, this file again)
            sys.executable, [*command, sys.executable, str(Path(__file__).resolve()), *argv]
        )
    environment(args.data)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    run(args)


if __name__ == "__main__":
    main()
