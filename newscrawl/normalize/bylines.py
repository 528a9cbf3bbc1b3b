"""The words of a byline: junk credits ("Staff", "Admin"), role words ("Correspondent"), news
agencies ("Reuters", "AP"), newspaper sections ("Politik") and places ("Tokyo"). What the author
rules of :mod:`newscrawl.normalize.authors` look words up in."""

from __future__ import annotations

from newscrawl.normalize.cldr import place_names

__all__ = [
    "JUNK_AUTHORS",
    "KNOWN_ORGS",
    "ROLE_WORDS",
    "SECTION_WORDS",
    "is_dateline_word",
    "is_known_org",
    "is_place",
]

JUNK_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "agencies",
        "agency",
        "agencia",
        "agence",
        "agentur",
        "agenturen",
        "anonymous",
        "author",
        "by",
        "desk",
        "editor",
        "editorial",
        "guest",
        "n/a",
        "na",
        "news desk",
        "newsdesk",
        "newsroom",
        "none",
        "redaktion",
        "redacción",
        "rédaction",
        "redazione",
        "redactie",
        "redação",
        "null",
        "staff",
        "team",
        "staff reporter",
        "staff writer",
        "unknown",
        "user",
        "web desk",
        "webmaster",
    }
)
# Words that mark the part after a comma as a role, affiliation or place, not a second name.
ROLE_WORDS = frozenset(
    {
        "analyst",
        "bureau",
        "chief",
        "columnist",
        "contributor",
        "correspondent",
        "critic",
        "desk",
        "editor",
        "for",
        "from",
        "in",
        "journalist",
        "producer",
        "reporter",
        "senior",
        "staff",
        "writer",
    }
)
# News agencies and wire services (a byline "Kyodo, Tokyo" is an agency and a dateline).
KNOWN_ORGS = frozenset(
    {
        "reuters", "ap", "afp", "dpa", "efe", "ansa", "bloomberg", "anadolu", "aa", "upi", "pa", "tass",
        "xinhua", "kyodo", "jiji", "lusa", "yonhap", "pti", "ians", "ani", "uni", "bernama", "antara",
        "interfax", "ria", "belga", "apa", "sda", "ats", "keystone", "ntb", "tt", "stt", "ritzau", "ctk",
        "čtk", "pap", "mti", "kna", "epa", "sapa", "nan", "kyodonews", "aap", "cna", "vna", "pna",
        "bta", "hina", "tanjug", "ukrinform", "unian", "irna", "isna", "wafa", "mena", "spa", "wam",
        "qna", "kuna", "petra", "ips", "ddp", "epd", "kathpress", "europa press", "servimedia",
        "agerpres", "anp", "agi", "adnkronos", "askanews", "ana-mpa", "elta", "bns", "leta", "err",
    }
)  # fmt: skip
# Newspaper sections: "Weber, Politik" is a reporter and a section, not "Politik Weber".
SECTION_WORDS = frozenset(
    {
        "news", "politics", "business", "sport", "sports", "world", "opinion", "economy", "culture",
        "science", "health", "tech", "technology", "travel", "style", "lifestyle", "entertainment",
        "local", "metro", "national", "international", "finance", "markets", "education", "environment",
        "politik", "wirtschaft", "kultur", "feuilleton", "panorama", "wissen", "gesundheit", "lokales",
        "inland", "ausland", "meinung", "nachrichten", "reise", "digital", "finanzen", "gesellschaft",
        "politique", "économie", "monde", "société", "política", "economía",
        "deportes", "sociedad", "cultura", "mundo", "politica", "economia", "esporte", "esportes",
        "sociedade", "cronaca", "esteri", "spettacoli", "spor", "ekonomi", "dünya", "gündem", "siyaset",
        "binnenland", "buitenland", "economie", "cultuur", "regio",
    }
)  # fmt: skip
_places: set[str] = set()


def is_place(word: str) -> bool:
    """Whether ``word`` names a city or a country: the time zone database's cities, and the
    city and country names of the CLDR in the common page languages. Loaded once."""
    if not _places:
        import zoneinfo

        _places.update(
            part.replace("_", " ").casefold()
            for zone in zoneinfo.available_timezones()
            for part in zone.split("/")
        )
        _places.update(place_names())
    return word.casefold() in _places


def is_known_org(part: str) -> bool:
    """Whether ``part`` is a news agency ("Reuters") or reads as one (an all-caps acronym, "AP").

    >>> is_known_org("Reuters"), is_known_org("AP"), is_known_org("Jane")
    (True, True, False)
    """
    return part.casefold() in KNOWN_ORGS or (part.isupper() and len(part) <= 6 and " " not in part)


def is_dateline_word(part: str) -> bool:
    """Whether a byline segment is one place or section word ("Tokyo", "Politik"): a dateline or
    a desk written after the credit ("Kyodo, Tokyo"), not a person.

    >>> is_dateline_word("Tokyo"), is_dateline_word("Politik"), is_dateline_word("Jane Doe")
    (True, True, False)
    """
    part = part.strip()
    return " " not in part and (part.casefold() in SECTION_WORDS or is_place(part))
