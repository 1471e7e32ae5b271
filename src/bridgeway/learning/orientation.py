"""The default orientations the product offers: one for mentors, one for mentees.

An agency admin copies one into a program and edits it like any module. The text is content,
not interface, so it lives here in every language we ship rather than in the gettext catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _t(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


@dataclass(frozen=True)
class LessonSeed:
    kind: str
    title: dict[str, str]
    body: dict[str, str]
    discussion: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSeed:
    text: dict[str, str]
    choices: list[tuple[dict[str, str], bool]]


@dataclass(frozen=True)
class OrientationSeed:
    key: str
    audience: str
    title: dict[str, str]
    summary: dict[str, str]
    pass_mark: int
    lessons: list[LessonSeed]
    questions: list[QuestionSeed]


MENTOR_ORIENTATION = OrientationSeed(
    key="orientation:mentor",
    audience="mentor",
    title=_t("Mentor orientation", "Orientation des mentors"),
    summary=_t(
        "What a mentor does and does not do, how to work across cultures and online, how to "
        "keep what you hear private, and when to ask for help. About 30 minutes.",
        "Ce que fait un mentor et ce qu'il ne fait pas, comment travailler d'une culture à "
        "l'autre et en ligne, comment protéger ce qu'on vous confie et quand demander de "
        "l'aide. Environ 30 minutes.",
    ),
    pass_mark=80,
    lessons=[
        LessonSeed(
            kind="text",
            title=_t("Your role and its boundaries", "Votre rôle et ses limites"),
            body=_t(
                "As a mentor you share what you know: how things work here, how your field "
                "hires, where to find help. You listen, ask questions and help your mentee find "
                "their own answers.\n\n"
                "You are not a counsellor, lawyer, immigration consultant, landlord or "
                "employer. When your mentee needs that kind of help, point them to the program "
                "coordinator, who knows the right services.\n\n"
                "Keep the relationship about the goals you set together. Do not lend or borrow "
                "money, sign documents for your mentee, or promise a job. If you are unsure "
                "whether something is part of your role, ask your coordinator.\n\n"
                "Be reliable: answer messages within a few days, come to the meetings you set, "
                "and tell your mentee early if your plans change.",
                "En tant que mentor, vous partagez ce que vous savez : comment les choses "
                "fonctionnent ici, comment on embauche dans votre domaine, où trouver de "
                "l'aide. Vous écoutez, vous posez des questions et vous aidez votre mentoré à "
                "trouver ses propres réponses.\n\n"
                "Vous n'êtes pas conseiller, avocat, consultant en immigration, propriétaire "
                "ni employeur. Quand votre mentoré a besoin de ce type d'aide, dirigez-le vers "
                "la coordination du programme, qui connaît les bons services.\n\n"
                "Gardez la relation centrée sur les objectifs fixés ensemble. Ne prêtez pas et "
                "n'empruntez pas d'argent, ne signez pas de documents pour votre mentoré et ne "
                "promettez pas d'emploi. Si vous ne savez pas si une chose fait partie de votre "
                "rôle, demandez à votre coordonnateur.\n\n"
                "Soyez fiable : répondez aux messages en quelques jours, présentez-vous aux "
                "rencontres prévues et prévenez votre mentoré tôt si vos plans changent.",
            ),
        ),
        LessonSeed(
            kind="text",
            title=_t("Cultural humility", "L'humilité culturelle"),
            body=_t(
                "Cultural humility means remembering that your way of doing things is one way "
                "among many. Your mentee brings skills, experience and a culture that may be "
                "different from yours.\n\n"
                "Ask rather than assume. “How was this done where you worked before?” opens a "
                "conversation; “That's not how we do it here” closes one.\n\n"
                "Notice your own habits: how direct you are, how you treat time, how you "
                "address people. Explain the habits of Canadian workplaces as information, not "
                "as rules about right and wrong.\n\n"
                "Mistakes happen. If something you say lands badly, apologize simply, ask what "
                "would be better, and move on.",
                "L'humilité culturelle, c'est se rappeler que votre façon de faire est une "
                "façon parmi d'autres. Votre mentoré apporte des compétences, une expérience et "
                "une culture qui peuvent être différentes des vôtres.\n\n"
                "Posez des questions plutôt que de supposer. « Comment est-ce que ça se faisait "
                "là où vous travailliez avant? » ouvre la conversation; « Ce n'est pas comme ça "
                "qu'on fait ici » la ferme.\n\n"
                "Observez vos propres habitudes : votre façon d'être direct, votre rapport au "
                "temps, la façon dont vous vous adressez aux gens. Présentez les habitudes des "
                "milieux de travail canadiens comme de l'information, pas comme des règles sur "
                "le bien et le mal.\n\n"
                "Les erreurs arrivent. Si une de vos paroles blesse, excusez-vous simplement, "
                "demandez ce qui serait mieux et continuez.",
            ),
        ),
        LessonSeed(
            kind="etiquette",
            title=_t("Online etiquette", "L'étiquette en ligne"),
            body=_t(
                "Respectful messages. Write short, clear sentences and avoid slang, jokes that "
                "depend on culture, and abbreviations. Your mentee may be reading in their "
                "second or third language, or with a translation tool. Say hello, use their "
                "name, and reread before you send.\n\n"
                "Privacy. Keep your conversations on Bridgeway. Do not share your mentee's "
                "messages, photos or story with anyone outside the program. Never ask for "
                "passwords, bank details or identity documents.\n\n"
                "Time zones. Your mentee may live many hours away. Bridgeway shows meeting "
                "times in each person's own time zone: check it before you suggest a time, and "
                "avoid very early or very late hours for them.\n\n"
                "Video calls. Test your camera and microphone beforehand, find a quiet place, "
                "and turn on captions if they help either of you. If the connection is poor, "
                "turn off video and keep talking, or switch to messages. Start on time and end "
                "when you said you would.",
                "Des messages respectueux. Écrivez des phrases courtes et claires, et évitez "
                "l'argot, les blagues qui dépendent de la culture et les abréviations. Votre "
                "mentoré lit peut-être dans sa deuxième ou troisième langue, ou avec un outil "
                "de traduction. Dites bonjour, utilisez son nom et relisez-vous avant "
                "d'envoyer.\n\n"
                "La vie privée. Gardez vos conversations dans Bridgeway. Ne partagez pas les "
                "messages, les photos ou l'histoire de votre mentoré avec des personnes "
                "extérieures au programme. Ne demandez jamais de mot de passe, de "
                "renseignements bancaires ni de pièces d'identité.\n\n"
                "Les fuseaux horaires. Votre mentoré vit peut-être à plusieurs heures de "
                "décalage. Bridgeway affiche l'heure des rencontres dans le fuseau horaire de "
                "chaque personne : vérifiez-la avant de proposer une heure et évitez les heures "
                "trop matinales ou trop tardives pour l'autre.\n\n"
                "Les appels vidéo. Testez votre caméra et votre micro à l'avance, trouvez un "
                "endroit calme et activez les sous-titres s'ils aident l'un de vous deux. Si la "
                "connexion est mauvaise, coupez la vidéo et continuez à parler, ou passez aux "
                "messages. Commencez et terminez à l'heure prévue.",
            ),
        ),
        LessonSeed(
            kind="text",
            title=_t("Confidentiality and safety", "Confidentialité et sécurité"),
            body=_t(
                "What your mentee tells you stays between you, with two exceptions: when "
                "someone's safety is at risk, and when the law requires it. In those cases, "
                "tell your coordinator right away.\n\n"
                "Program staff read your conversations only for a recorded reason, such as a "
                "concern raised by one of you. This protects you both.\n\n"
                "If something feels wrong — pressure, threats, harassment, a request that makes "
                "you uncomfortable — stop, and tell your coordinator. Nobody will blame you "
                "for asking. In an emergency, call 911 first.\n\n"
                "If you meet in person, choose a public place and let the program know.",
                "Ce que votre mentoré vous confie reste entre vous, sauf dans deux cas : quand "
                "la sécurité d'une personne est en danger et quand la loi l'exige. Dans ces "
                "cas, prévenez immédiatement votre coordonnateur.\n\n"
                "Le personnel du programme lit vos conversations seulement pour une raison "
                "consignée, par exemple une préoccupation signalée par l'un de vous. Cela vous "
                "protège tous les deux.\n\n"
                "Si quelque chose vous semble anormal — pression, menaces, harcèlement, une "
                "demande qui vous met mal à l'aise —, arrêtez-vous et prévenez votre "
                "coordonnateur. Personne ne vous reprochera de l'avoir fait. En cas d'urgence, "
                "appelez d'abord le 911.\n\n"
                "Si vous vous rencontrez en personne, choisissez un lieu public et informez-en "
                "le programme.",
            ),
        ),
        LessonSeed(
            kind="scenario",
            title=_t("Scenario: a request for money", "Mise en situation : une demande d'argent"),
            body=_t(
                "After three meetings, your mentee tells you their rent is late and asks if you "
                "could lend them $300 until their first paycheque.",
                "Après trois rencontres, votre mentoré vous dit que son loyer est en retard et "
                "vous demande si vous pourriez lui prêter 300 $ jusqu'à sa première paie.",
            ),
            discussion=_t(
                "Thank them for trusting you, and say kindly that lending money is not part of "
                "the mentor role. Then help them find real help: tell your coordinator, who "
                "knows the emergency funds and housing services in your area.\n\n"
                "Keep meeting as planned. Saying no to a loan does not end the relationship.",
                "Remerciez-le de sa confiance et expliquez gentiment que prêter de l'argent ne "
                "fait pas partie du rôle de mentor. Aidez-le ensuite à trouver une vraie aide : "
                "prévenez votre coordonnateur, qui connaît les fonds d'urgence et les services "
                "de logement de votre région.\n\n"
                "Continuez vos rencontres comme prévu. Refuser un prêt ne met pas fin à la "
                "relation.",
            ),
        ),
        LessonSeed(
            kind="scenario",
            title=_t("Scenario: a missed meeting", "Mise en situation : une rencontre manquée"),
            body=_t(
                "Your mentee in Manila did not join your video call at 7 p.m. Toronto time. It "
                "is the second meeting they have missed.",
                "Votre mentoré, qui vit à Manille, ne s'est pas joint à votre appel vidéo de "
                "19 h, heure de Toronto. C'est la deuxième rencontre qu'il manque.",
            ),
            discussion=_t(
                "Before you decide they are not interested, check the time zone: 7 p.m. in "
                "Toronto is 7 or 8 a.m. the next day in Manila, when they may be at work or "
                "on the road.\n\n"
                "Send a short, friendly message: “I missed you today. Is everything all right? "
                "Would another time suit you better?” Offer two or three times that work in "
                "both time zones. If you hear nothing after a week, tell your coordinator.",
                "Avant de conclure qu'il n'est pas intéressé, vérifiez le fuseau horaire : 19 h "
                "à Toronto, c'est 7 h ou 8 h le lendemain à Manille, un moment où il est "
                "peut-être au travail ou en déplacement.\n\n"
                "Envoyez un court message amical : « Je vous ai attendu aujourd'hui. Tout va "
                "bien? Un autre moment vous conviendrait-il mieux? » Proposez deux ou trois "
                "heures qui conviennent dans les deux fuseaux. Sans nouvelles après une "
                "semaine, prévenez votre coordonnateur.",
            ),
        ),
    ],
    questions=[
        QuestionSeed(
            text=_t(
                "Your mentee asks you to look over their lease before they sign it. What do "
                "you do?",
                "Votre mentoré vous demande de lire son bail avant de le signer. Que faites-vous?",
            ),
            choices=[
                (_t("Sign it with them as a witness", "Je le signe avec lui comme témoin"), False),
                (
                    _t(
                        "Read it with them, and point them to a legal clinic or the "
                        "coordinator for advice",
                        "Je le lis avec lui et je le dirige vers une clinique juridique ou le "
                        "coordonnateur pour obtenir un avis",
                    ),
                    True,
                ),
                (
                    _t(
                        "Tell them it looks fine so they do not worry",
                        "Je lui dis que tout semble correct pour qu'il ne s'inquiète pas",
                    ),
                    False,
                ),
            ],
        ),
        QuestionSeed(
            text=_t(
                "Which messages are respectful online? Choose all that apply.",
                "Quels messages sont respectueux en ligne? Choisissez toutes les bonnes réponses.",
            ),
            choices=[
                (
                    _t(
                        "“Hi Amal, thank you for your message. Could we meet on Tuesday?”",
                        "« Bonjour Amal, merci pour votre message. Pourrions-nous nous "
                        "rencontrer mardi? »",
                    ),
                    True,
                ),
                (_t("“ASAP pls, gotta run lol”", "« ASAP stp, faut que j'y aille lol »"), False),
                (
                    _t(
                        "“I am not sure I understood. Is the interview next week?”",
                        "« Je ne suis pas certain d'avoir compris. L'entrevue a-t-elle lieu la "
                        "semaine prochaine? »",
                    ),
                    True,
                ),
            ],
        ),
        QuestionSeed(
            text=_t(
                "Your mentee lives eight hours ahead of you. When do you suggest a call?",
                "Votre mentoré a huit heures d'avance sur vous. Quand proposez-vous un appel?",
            ),
            choices=[
                (
                    _t(
                        "At a time I have checked in both time zones",
                        "À une heure que j'ai vérifiée dans les deux fuseaux horaires",
                    ),
                    True,
                ),
                (
                    _t(
                        "Whenever suits me; they can adjust",
                        "Quand cela me convient; il peut s'adapter",
                    ),
                    False,
                ),
                (_t("Always at 9 a.m. my time", "Toujours à 9 h, à mon heure"), False),
            ],
        ),
        QuestionSeed(
            text=_t(
                "When may you pass on something your mentee told you in confidence?",
                "Quand pouvez-vous transmettre ce que votre mentoré vous a confié?",
            ),
            choices=[
                (
                    _t(
                        "When someone's safety is at risk or the law requires it, and then to "
                        "the coordinator",
                        "Quand la sécurité d'une personne est en danger ou que la loi l'exige, "
                        "et alors au coordonnateur",
                    ),
                    True,
                ),
                (
                    _t(
                        "To friends, as long as I leave out the name",
                        "À des amis, pourvu que je ne dise pas son nom",
                    ),
                    False,
                ),
                (
                    _t(
                        "Never, even if someone is in danger",
                        "Jamais, même si une personne est en danger",
                    ),
                    False,
                ),
            ],
        ),
        QuestionSeed(
            text=_t(
                "Your mentee's video keeps freezing during a call. What helps? Choose all "
                "that apply.",
                "La vidéo de votre mentoré fige sans cesse pendant un appel. Qu'est-ce qui "
                "aide? Choisissez toutes les bonnes réponses.",
            ),
            choices=[
                (
                    _t(
                        "Turn off video and continue with sound",
                        "Couper la vidéo et continuer avec le son",
                    ),
                    True,
                ),
                (_t("Switch to written messages", "Passer aux messages écrits"), True),
                (_t("End the mentoring relationship", "Mettre fin au mentorat"), False),
            ],
        ),
    ],
)


MENTEE_ORIENTATION = OrientationSeed(
    key="orientation:mentee",
    audience="mentee",
    title=_t("Mentee orientation", "Orientation des mentorés"),
    summary=_t(
        "What to expect from your mentor, how to communicate online, and how to get help if "
        "something goes wrong. About 15 minutes.",
        "Ce que vous pouvez attendre de votre mentor, comment communiquer en ligne et comment "
        "obtenir de l'aide si quelque chose ne va pas. Environ 15 minutes.",
    ),
    pass_mark=60,
    lessons=[
        LessonSeed(
            kind="text",
            title=_t(
                "What mentoring is and is not", "Ce qu'est le mentorat, et ce qu'il n'est pas"
            ),
            body=_t(
                "A mentor is a volunteer who shares experience: how things work here, how "
                "people find work in your field, where to get help. You meet regularly for a "
                "few months and work on goals you choose together.\n\n"
                "A mentor is not a job agent, a lawyer, an immigration consultant or a source "
                "of money. They cannot promise you a job. If you need that kind of help, ask "
                "your program coordinator, who knows the right services.\n\n"
                "You get the most from mentoring when you come with questions, say what you "
                "need, and do what you agreed to do between meetings.",
                "Un mentor est un bénévole qui partage son expérience : comment les choses "
                "fonctionnent ici, comment on trouve du travail dans votre domaine, où obtenir "
                "de l'aide. Vous vous rencontrez régulièrement pendant quelques mois et vous "
                "travaillez sur des objectifs choisis ensemble.\n\n"
                "Un mentor n'est pas un agent d'emploi, un avocat, un consultant en "
                "immigration ni une source d'argent. Il ne peut pas vous promettre un emploi. "
                "Si vous avez besoin de ce type d'aide, demandez au coordonnateur de votre "
                "programme, qui connaît les bons services.\n\n"
                "Le mentorat vous sera le plus utile si vous arrivez avec des questions, si "
                "vous dites ce dont vous avez besoin et si vous faites ce que vous avez convenu "
                "entre les rencontres.",
            ),
        ),
        LessonSeed(
            kind="etiquette",
            title=_t("Online etiquette", "L'étiquette en ligne"),
            body=_t(
                "Write short, clear messages. It is fine to write in simple English or French, "
                "and to use a translation tool. Say hello and use your mentor's name.\n\n"
                "Answer within a few days, even just to say “I need more time.”\n\n"
                "Your mentor may live in another time zone. Bridgeway shows meeting times in "
                "your own time zone. If a time does not work for you, say so and suggest "
                "another.\n\n"
                "For video calls, find a quiet place and test your camera and microphone. You "
                "can turn on captions, or turn off video if the connection is slow.\n\n"
                "Keep your conversations on Bridgeway. Never send passwords, bank details or "
                "copies of your identity documents.",
                "Écrivez des messages courts et clairs. Vous pouvez écrire dans un français ou "
                "un anglais simple et utiliser un outil de traduction. Dites bonjour et "
                "utilisez le nom de votre mentor.\n\n"
                "Répondez en quelques jours, même seulement pour dire « J'ai besoin de plus de "
                "temps ».\n\n"
                "Votre mentor vit peut-être dans un autre fuseau horaire. Bridgeway affiche "
                "l'heure des rencontres dans votre propre fuseau horaire. Si une heure ne vous "
                "convient pas, dites-le et proposez-en une autre.\n\n"
                "Pour les appels vidéo, trouvez un endroit calme et testez votre caméra et "
                "votre micro. Vous pouvez activer les sous-titres, ou couper la vidéo si la "
                "connexion est lente.\n\n"
                "Gardez vos conversations dans Bridgeway. N'envoyez jamais de mot de passe, de "
                "renseignements bancaires ni de copie de vos pièces d'identité.",
            ),
        ),
        LessonSeed(
            kind="text",
            title=_t("How to raise a concern", "Comment signaler une préoccupation"),
            body=_t(
                "If something does not feel right — your mentor asks for money or personal "
                "documents, makes you uncomfortable, or stops answering — tell your program "
                "coordinator at the agency that runs your program.\n\n"
                "You can write in the language you are most comfortable with. Your concern is "
                "handled in confidence, and asking for help will never count against you.\n\n"
                "If you are in danger, call 911 first.",
                "Si quelque chose ne vous semble pas correct — votre mentor vous demande de "
                "l'argent ou des documents personnels, vous met mal à l'aise ou ne répond plus "
                "—, prévenez le coordonnateur de votre programme à l'organisme qui l'offre.\n\n"
                "Vous pouvez écrire dans la langue où vous êtes le plus à l'aise. Votre "
                "préoccupation est traitée en toute confidentialité, et demander de l'aide ne "
                "vous sera jamais reproché.\n\n"
                "Si vous êtes en danger, appelez d'abord le 911.",
            ),
        ),
    ],
    questions=[
        QuestionSeed(
            text=_t(
                "What can a mentor do for you? Choose all that apply.",
                "Que peut faire un mentor pour vous? Choisissez toutes les bonnes réponses.",
            ),
            choices=[
                (
                    _t(
                        "Share how people find work in their field",
                        "Expliquer comment on trouve du travail dans son domaine",
                    ),
                    True,
                ),
                (_t("Promise you a job", "Vous promettre un emploi"), False),
                (
                    _t(
                        "Help you prepare for a job interview",
                        "Vous aider à vous préparer à une entrevue d'emploi",
                    ),
                    True,
                ),
            ],
        ),
        QuestionSeed(
            text=_t(
                "Your mentor lives in another time zone. What helps you meet on time?",
                "Votre mentor vit dans un autre fuseau horaire. Qu'est-ce qui vous aide à "
                "arriver à l'heure?",
            ),
            choices=[
                (
                    _t(
                        "Checking the meeting time Bridgeway shows in my time zone",
                        "Vérifier l'heure de la rencontre que Bridgeway affiche dans mon fuseau "
                        "horaire",
                    ),
                    True,
                ),
                (_t("Guessing the time difference", "Deviner le décalage horaire"), False),
                (
                    _t(
                        "Never suggesting a time myself",
                        "Ne jamais proposer d'heure moi-même",
                    ),
                    False,
                ),
            ],
        ),
        QuestionSeed(
            text=_t(
                "Your mentor asks for a copy of your passport. What do you do?",
                "Votre mentor vous demande une copie de votre passeport. Que faites-vous?",
            ),
            choices=[
                (_t("Send it right away", "Je l'envoie tout de suite"), False),
                (
                    _t(
                        "Do not send it, and tell my program coordinator",
                        "Je ne l'envoie pas et je préviens le coordonnateur de mon programme",
                    ),
                    True,
                ),
                (
                    _t(
                        "Post it in a group discussion",
                        "Je la publie dans une discussion de groupe",
                    ),
                    False,
                ),
            ],
        ),
    ],
)

DEFAULT_ORIENTATIONS: dict[str, OrientationSeed] = {
    MENTOR_ORIENTATION.audience: MENTOR_ORIENTATION,
    MENTEE_ORIENTATION.audience: MENTEE_ORIENTATION,
}
