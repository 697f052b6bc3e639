"""Deterministic answers used when no model is configured."""

GLOSSARY: dict[str, str] = {
    "playground": "The playground is the public API that formats SQL for anyone to try.",
    "cloud": "Cloud is the Django application that stores projects in PostgreSQL.",
    "ingestion": "Ingestion is the batch job that fetches records, validates them and "
    "writes them as JSON lines.",
    "alie": "Alie is this private assistant; it answers questions about dataface.",
    "asql": "ASQL is the query language documented on the asql-docs site.",
}


def glossary_answer(question: str) -> str:
    """The entry for the first glossary term the question mentions, else the list of terms."""
    words = question.lower()
    for term, answer in GLOSSARY.items():
        if term in words:
            return answer
    return "I can answer questions about: " + ", ".join(sorted(GLOSSARY)) + "."
