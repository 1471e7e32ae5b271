"""Consent text version 1, in plain words. Migration 0002 publishes a frozen copy; the
selector republishes it if a database has no consent text at all (intake cannot work without
one)."""

VERSION_1_TEXT = {
    "en": (
        "What we collect: your name, email address, the country and city where you live, "
        "when you plan to arrive in Canada, the languages you speak, your field of work and "
        "the help you are looking for.\n\n"
        "Who sees it: the agencies that run the programs you apply to, and only their staff "
        "who work on those programs. Another agency sees your information only if you agree "
        "to a referral, and then only the details you agreed to share.\n\n"
        "Why: to find programs that fit you, to contact you and to match you with a mentor.\n\n"
        "How long: while you take part in a program, and up to two years after your last "
        "activity. Then we delete it.\n\n"
        "Your rights: at any time you can ask for a copy of your information, ask us to "
        "correct it or to delete it. Write to the agency of your program. You can also "
        "withdraw your consent; your participation in the programs then ends."
    ),
    "fr": (
        "Ce que nous recueillons : votre nom, votre adresse courriel, le pays et la ville où "
        "vous vivez, la date prévue de votre arrivée au Canada, les langues que vous parlez, "
        "votre domaine de travail et l'aide que vous cherchez.\n\n"
        "Qui le voit : les organismes qui offrent les programmes auxquels vous vous inscrivez, "
        "et seulement leur personnel qui travaille à ces programmes. Un autre organisme voit "
        "vos renseignements seulement si vous acceptez une recommandation, et alors seulement "
        "ceux que vous avez accepté de partager.\n\n"
        "Pourquoi : pour trouver les programmes qui vous conviennent, vous joindre et vous "
        "jumeler avec un mentor.\n\n"
        "Combien de temps : pendant votre participation à un programme, et jusqu'à deux ans "
        "après votre dernière activité. Ensuite, nous les supprimons.\n\n"
        "Vos droits : en tout temps, vous pouvez demander une copie de vos renseignements, "
        "nous demander de les corriger ou de les supprimer. Écrivez à l'organisme de votre "
        "programme. Vous pouvez aussi retirer votre consentement; votre participation aux "
        "programmes prend alors fin."
    ),
}
