"""Version 1 of each purpose's text, in plain words, in English and French. Migration 0001
publishes them; the selector publishes them again on a database that has none (the pages cannot
work without a text). Never edit a published version: publish a new one (the staff page)."""

from __future__ import annotations

VERSION_1: dict[str, dict[str, str]] = {
    "participation": {
        "en": (
            "You take part in the programs you apply to. The agency that runs a program keeps "
            "your name, email address, the country and city where you live, the languages you "
            "speak and your answers to the application, and its staff who work on the program "
            "use them to run it with you: to contact you, to check that it fits you and to "
            "follow how it goes. This consent is needed to take part: to withdraw it, leave "
            "the program."
        ),
        "fr": (
            "Vous participez aux programmes auxquels vous vous inscrivez. L'organisme qui offre "
            "un programme conserve votre nom, votre adresse courriel, le pays et la ville où "
            "vous vivez, les langues que vous parlez et vos réponses à l'inscription, et son "
            "personnel qui travaille au programme s'en sert pour le mener avec vous : vous "
            "joindre, vérifier qu'il vous convient et suivre son déroulement. Ce consentement "
            "est nécessaire pour participer : pour le retirer, quittez le programme."
        ),
    },
    "matching_profile": {
        "en": (
            "Your matching profile (your answers to the program's profile questions) is used "
            "to suggest you to mentors or mentees of the same program, and it is shown to them "
            "when you are suggested. If you withdraw this consent, you are no longer suggested "
            "to anyone and no longer on the coordinators' match board; the relationships you "
            "already have go on."
        ),
        "fr": (
            "Votre profil de jumelage (vos réponses aux questions de profil du programme) sert "
            "à vous suggérer aux mentors ou aux mentorés du même programme, et il leur est "
            "montré quand vous leur êtes suggéré. Si vous retirez ce consentement, vous n'êtes "
            "plus suggéré à personne ni sur le tableau de jumelage des coordonnateurs; vos "
            "relations en cours continuent."
        ),
    },
    "referral": {
        "en": (
            "A coordinator may suggest a program of another agency to you. Nothing is shared "
            "until you say yes to that suggestion, and then only the details it names. If you "
            "withdraw this consent, coordinators can no longer suggest you to another agency."
        ),
        "fr": (
            "Un coordonnateur peut vous suggérer un programme d'un autre organisme. Rien n'est "
            "partagé avant que vous acceptiez cette suggestion, et alors seulement les "
            "renseignements qu'elle nomme. Si vous retirez ce consentement, les coordonnateurs "
            "ne peuvent plus vous recommander à un autre organisme."
        ),
    },
    "texting": {
        "en": (
            "If you give a mobile number and choose text messages or WhatsApp, we send you "
            "short notices there (one line and a link) through our messaging provider. If you "
            "withdraw this consent, nothing more is sent by SMS or WhatsApp; your notifications "
            "still reach you by email and in the app."
        ),
        "fr": (
            "Si vous donnez un numéro de cellulaire et choisissez les textos ou WhatsApp, nous "
            "vous y envoyons de courts avis (une ligne et un lien) par notre fournisseur de "
            "messagerie. Si vous retirez ce consentement, plus rien n'est envoyé par texto ni "
            "par WhatsApp; vos notifications vous arrivent toujours par courriel et dans "
            "l'application."
        ),
    },
    "evaluation": {
        "en": (
            "The agency evaluates its programs and reports to the funders who pay for them: "
            "your answers to assessments (for example how confident you feel at the start and "
            "at the end) are counted in the figures of its reports. If you withdraw this "
            "consent, your answers are left out of the reports made from then on, and you are "
            "not asked to fill in new assessments."
        ),
        "fr": (
            "L'organisme évalue ses programmes et rend compte aux bailleurs de fonds qui les "
            "financent : vos réponses aux évaluations (par exemple votre confiance au début et "
            "à la fin) sont comptées dans les chiffres de ses rapports. Si vous retirez ce "
            "consentement, vos réponses sont exclues des rapports faits à partir de ce moment, "
            "et on ne vous demande plus de remplir de nouvelles évaluations."
        ),
    },
    "sensitive": {
        "en": (
            "Some of what you tell us is sensitive: the accessibility needs you choose in your "
            "account, the accommodation needs you give in a program's profile, and your "
            "answers to the profile questions a program marks as sensitive (for example your "
            "immigration status or your health). Staff of your program see them to support "
            "you, matching may use them to suggest mentors who fit, and they may be shared in "
            "a referral or a funder export. If you withdraw this consent, staff no longer see "
            "them, matching no longer uses them, and they are not shared in a referral or a "
            "funder export."
        ),
        "fr": (
            "Certains renseignements que vous nous donnez sont sensibles : les besoins "
            "d'accessibilité que vous choisissez dans votre compte, les besoins d'adaptation "
            "que vous indiquez dans le profil d'un programme, et vos réponses aux questions de "
            "profil qu'un programme marque comme sensibles (par exemple votre statut "
            "d'immigration ou votre santé). Le personnel de votre programme les voit pour vous "
            "soutenir, le jumelage peut s'en servir pour vous suggérer des mentors qui vous "
            "conviennent, et ils peuvent être partagés dans une recommandation ou une "
            "exportation pour un bailleur de fonds. Si vous retirez ce consentement, le "
            "personnel ne les voit plus, le jumelage ne s'en sert plus, et ils ne sont "
            "partagés ni dans une recommandation ni dans une exportation."
        ),
    },
}
