"""How well the free-text similarity matches within and across languages, and what folding
the TF-IDF vectors into 256 dimensions costs against the exact sparse cosine.

    python bench/bench_text.py
"""

from __future__ import annotations

import sys

import numpy as np

from bridgeway.matching.engine import text

# The same two profiles in six languages: a nurse and a software developer.
NURSE = {
    "en": "I am a registered nurse with ten years in hospital care and want to work as a nurse.",
    "fr": "Je suis infirmière diplômée avec dix ans en soins hospitaliers et je veux travailler.",
    "es": "Soy enfermera titulada con diez años en atención hospitalaria y quiero trabajar.",
    "ar": "أنا ممرضة مسجلة ولدي عشر سنوات في رعاية المستشفيات وأريد العمل ممرضة.",
    "fa": "من پرستار رسمی با ده سال سابقه در مراقبت بیمارستانی هستم و می‌خواهم کار کنم.",
    "zh": "我是一名注册护士，有十年医院护理经验，希望继续做护士。",
}
CODER = {
    "en": "Software developer, Python and cloud services, looking for a job in technology.",
    "fr": "Développeur de logiciels, Python et services cloud, je cherche un emploi.",
    "es": "Desarrollador de software, Python y servicios en la nube, busco empleo en tecnología.",
    "ar": "مطور برمجيات، بايثون وخدمات سحابية، أبحث عن عمل في التكنولوجيا.",
    "fa": "توسعه‌دهنده نرم‌افزار، پایتون و خدمات ابری، به دنبال کار در فناوری.",
    "zh": "软件开发人员，Python 和云服务，正在寻找科技行业的工作。",
}
MENTOR_NURSE = "Nurse manager at a Toronto hospital; I help internationally educated nurses."
MENTOR_CODER = "Senior software developer (Python, cloud); I mentor newcomers in technology."


def main() -> int:
    langs = list(NURSE)
    texts = [NURSE[lang] for lang in langs] + [CODER[lang] for lang in langs]
    texts += [MENTOR_NURSE, MENTOR_CODER]
    weighted = text.tfidf(text.count_matrix(texts))
    exact = text.exact_cosine(weighted, weighted)
    q = text.folded(weighted).astype(np.float64)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    folded = q @ q.T
    nurse_mentor, coder_mentor = len(texts) - 2, len(texts) - 1
    print("| mentee writes in | vs nurse mentor (related) | vs developer mentor (unrelated) |")
    print("| --- | --- | --- |")
    for k, lang in enumerate(langs):
        related, unrelated = folded[k, nurse_mentor], folded[k, coder_mentor]
        print(f"| nurse, {lang} | {related:.2f} | {unrelated:.2f} |")
    for k, lang in enumerate(langs):
        row = len(langs) + k
        print(
            f"| developer, {lang} | {folded[row, nurse_mentor]:.2f} | "
            f"{folded[row, coder_mentor]:.2f} |"
        )
    rng = np.random.default_rng(1)
    words = [
        "nurse",
        "hospital",
        "care",
        "software",
        "python",
        "cloud",
        "job",
        "work",
        "Toronto",
        "help",
        "mentor",
    ]
    sample = [" ".join(rng.choice(words, 8)) for _ in range(300)]
    w2 = text.tfidf(text.count_matrix(sample))
    e2 = text.exact_cosine(w2, w2)
    f2 = text.folded(w2).astype(np.float64)
    f2 /= np.maximum(np.linalg.norm(f2, axis=1, keepdims=True), 1e-9)
    upper = np.triu_indices(len(sample), 1)
    a, b = e2[upper], (f2 @ f2.T)[upper]
    print(
        f"\nfolded vs exact cosine over {len(a)} pairs: correlation "
        f"{np.corrcoef(a, b)[0, 1]:.3f}, mean absolute difference {np.abs(a - b).mean():.3f}"
    )
    del exact
    return 0


if __name__ == "__main__":
    sys.exit(main())
