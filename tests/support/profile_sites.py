"""Fixture sites for the bundled site profiles: one tiny site per profile, of the same shape.

Each site serves its profile's sources at their real paths (robots.txt with the
Sitemap lines the profile's comments cite, sitemaps, feeds), three or four short
fictional articles in the site's language with OpenGraph and JSON-LD, and pages
that must never be written as articles (a video page and a tag page). Every
article is reachable through exactly one source, so a source the spider fails to
read shows up as a missing article.

Regenerate the committed files with ``python -m tests.support.profile_sites``.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.sitegen import Article, FixtureSite, OtherPage, Source, write_sites

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sites"


@dataclass(frozen=True)
class ProfileFixture:
    """A profile's fixture site and what a crawl of it must and must not write."""

    profile: str
    site: FixtureSite

    @property
    def article_urls(self) -> list[str]:
        """URLs of the articles that must be written exactly once."""
        return [a.url for a in self.site.articles]

    @property
    def other_urls(self) -> list[str]:
        """URLs of pages that must never be written."""
        return [p.url for p in self.site.pages]


def _site(
    profile: str,
    title: str,
    language: str,
    homepage: str,
    articles: list[Article],
    video: OtherPage,
    tag: OtherPage,
    sources: list[Source],
    homepage_articles: list[int],
    robots: tuple[str, ...] = (),
    extra_hosts: tuple[str, ...] = (),
) -> ProfileFixture:
    links = (*(articles[i].url for i in homepage_articles), tag.url, video.url)
    first = sources[0]
    # The first source also lists the video page, as real news sitemaps and feeds do.
    sources = [Source(first.url, first.kind, (*first.items, video.url)), *sources[1:]]
    site = FixtureSite(
        name=profile,
        title=title,
        language=language,
        homepage=homepage,
        homepage_links=links,
        robots_sitemaps=robots,
        articles=tuple(articles),
        pages=(video, tag),
        sources=tuple(sources),
        extra_hosts=extra_hosts,
    )
    return ProfileFixture(profile, site)


def _a(url: str, headline: str, description: str, author: str, section: str, published: str, *text: str) -> Article:
    return Article(url, headline, description, author, section, published, tuple(text))


# --- TRT World (en) ---------------------------------------------------------------------------
_TRT = [
    _a(
        "https://www.trtworld.com/article/18254301",
        "Istanbul ferry line adds night crossings for winter commuters",
        "City ferries will run every forty minutes after midnight until March.",
        "Selin Arda",
        "Türkiye",
        "2024-12-30T09:15:00+03:00",
        "Istanbul's municipal ferry operator said on Monday that it would add night crossings between the "
        "Asian and European shores for the winter, after a survey of shift workers found long waits for buses.",
        "The new service runs every forty minutes after midnight between Kadikoy, Karakoy and Besiktas. "
        "Officials said the boats will be smaller, quieter vessels that use less fuel than the daytime fleet.",
        "Commuter groups welcomed the change but asked for better lighting at the piers. The operator said "
        "a review of passenger numbers will decide in March whether the night timetable stays all year.",
    ),
    _a(
        "https://www.trtworld.com/turkey/anatolian-farmers-test-drought-resistant-wheat-18254302",
        "Anatolian farmers test drought-resistant wheat on dry plains",
        "Trial fields near Konya report steady yields despite a dry autumn.",
        "Murat Eren",
        "Türkiye",
        "2024-12-29T14:40:00+03:00",
        "Farmers on the central Anatolian plateau have finished the first season of trials with a wheat "
        "variety bred to survive long dry spells, according to the regional agricultural research institute.",
        "The trial covered two hundred hectares near Konya. Yields were close to the regional average even "
        "though autumn rainfall was about a third below normal, the institute said in its season report.",
        "Researchers cautioned that one season is not enough to judge the variety. A second round of "
        "trials with more farms and different soils is planned for next year before seed goes on sale.",
    ),
    _a(
        "https://www.trtworld.com/magazine/the-last-copper-workshops-of-gaziantep-18254303",
        "The last copper workshops of Gaziantep",
        "A handful of masters keep an old craft alive in the city's covered bazaar.",
        "Deniz Kaya",
        "Magazine",
        "2024-12-28T11:00:00+03:00",
        "In the covered bazaar of Gaziantep, a few workshops still shape copper by hand. The sound of "
        "hammers starts early in the morning and continues until the shops close in the evening.",
        "Most masters learned the trade from their fathers. They say demand from hotels and restaurants has "
        "grown, but few young people want to spend years as apprentices before earning a full wage.",
        "A local foundation now pays small grants to apprentices. Its director hopes the scheme will keep at "
        "least ten workshops open in the bazaar over the next decade.",
    ),
]
TRTWORLD = _site(
    "trtworld",
    "TRT World",
    "en",
    "https://www.trtworld.com/",
    _TRT,
    OtherPage(
        "https://www.trtworld.com/video/news-videos/ferry-night-crossings-explained/67729a1e",
        "video",
        "Ferry night crossings explained",
        "Watch: what changes for night commuters.",
    ),
    OtherPage("https://www.trtworld.com/topic/istanbul", "tag", "Istanbul", "Latest stories about Istanbul."),
    [Source("https://www.trtworld.com/rss", "rss", (_TRT[0].url, _TRT[1].url))],
    [2],
)

# --- The Guardian (en) ------------------------------------------------------------------------
_GU = [
    _a(
        "https://www.theguardian.com/world/2024/dec/30/lisbon-tram-line-reopens-after-restoration",
        "Lisbon's oldest tram line reopens after two-year restoration",
        "Engineers replaced rails and overhead wires along the steep route through Alfama.",
        "Helen Marsh",
        "World news",
        "2024-12-30T08:30:00+00:00",
        "Lisbon's oldest tram line reopened on Monday after a two-year restoration that replaced rails, "
        "overhead wires and the worn cobbles along its steep route through the Alfama district.",
        "The city transport company said the restored line would carry residents first, with a reserved "
        "morning window for local passengers before tour groups are allowed on board after ten o'clock.",
        "Residents' associations had campaigned for years for the change, saying crowded trams made daily "
        "errands difficult. They said they would watch closely whether the new rules are enforced.",
    ),
    _a(
        "https://www.theguardian.com/world/2024/dec/29/norway-coastal-villages-share-electric-ferries",
        "Norway's coastal villages pool money to share electric ferries",
        "Six municipalities on the west coast will run one battery-powered fleet.",
        "Anders Lyng",
        "World news",
        "2024-12-29T15:05:00+00:00",
        "Six small municipalities on Norway's west coast have agreed to pool their budgets and run a shared "
        "fleet of battery-powered ferries, replacing diesel boats that are close to the end of their lives.",
        "The councils said that buying together lowered the price of each vessel and let them build charging "
        "points at four piers instead of eight. The first two ferries are due to enter service in autumn.",
        "Local fishermen asked for a guarantee that winter timetables will not be cut. The councils promised "
        "a public meeting in every village before the final schedule is agreed.",
    ),
    _a(
        "https://www.theguardian.com/world/2024/dec/28/kenyan-school-gardens-feed-pupils",
        "Kenyan school gardens help feed pupils through dry season",
        "Vegetable plots run by pupils supply lunches at dozens of rural schools.",
        "Grace Wanjiru",
        "World news",
        "2024-12-28T10:20:00+00:00",
        "Dozens of rural schools in eastern Kenya are feeding pupils from vegetable gardens they run "
        "themselves, a programme that teachers say has kept attendance steady through the dry season.",
        "Each school receives seeds, a water tank and training for a teacher. Pupils tend the beds during "
        "science lessons and take home cuttings and seeds to plant in their family plots.",
        "The county education office said it wants to extend the scheme to two hundred more schools next "
        "year if the water tanks can be paid for with help from local businesses.",
    ),
]
GUARDIAN = _site(
    "guardian",
    "The Guardian",
    "en",
    "https://www.theguardian.com/international",
    _GU,
    OtherPage(
        "https://www.theguardian.com/world/video/2024/dec/30/lisbon-tram-reopens-video",
        "video",
        "Lisbon tram reopens – video",
        "Footage of the first tram on the restored line.",
    ),
    OtherPage("https://www.theguardian.com/world/portugal", "tag", "Portugal", "News and comment on Portugal."),
    [
        Source("https://www.theguardian.com/sitemaps/news.xml", "news-sitemap", (_GU[0].url,)),
        Source("https://www.theguardian.com/world/rss", "rss", (_GU[1].url,)),
        Source(
            "https://www.theguardian.com/sitemaps/video.xml",
            "sitemap",
            ("https://www.theguardian.com/world/video/2024/dec/30/lisbon-tram-reopens-video",),
        ),
    ],
    [2],
    robots=("https://www.theguardian.com/sitemaps/news.xml", "https://www.theguardian.com/sitemaps/video.xml"),
)

# --- Al Jazeera English (en) ------------------------------------------------------------------
_AJ = [
    _a(
        "https://www.aljazeera.com/news/2024/12/30/doha-opens-desert-seed-bank",
        "Doha opens a desert seed bank to protect native plants",
        "The new vault stores seeds of more than four hundred species from the Gulf.",
        "Mariam Saleh",
        "News",
        "2024-12-30T10:00:00+03:00",
        "A seed bank for desert plants opened in Doha on Monday, storing seeds of more than four hundred "
        "species collected across the Gulf region over the past six years by botanists and volunteers.",
        "The vault keeps the seeds dry and cold so they can survive for decades. Scientists said many of the "
        "species grow only in small areas that are threatened by roads, grazing and rising temperatures.",
        "The team plans to share seeds with universities in neighbouring countries and to run a public "
        "programme that teaches schools how to grow native shrubs in their own grounds.",
    ),
    _a(
        "https://www.aljazeera.com/economy/2024/12/29/dhow-builders-find-new-buyers",
        "Traditional dhow builders find new buyers among tour operators",
        "Shipyards in Sur report more orders for wooden boats than in a decade.",
        "Khalid Nasser",
        "Economy",
        "2024-12-29T13:45:00+04:00",
        "Shipyards in the Omani port of Sur that still build wooden dhows by hand say they have more orders "
        "than at any time in the past decade, most of them from tour operators along the coast.",
        "A medium-sized boat takes about eight months to finish. Builders said the wood now comes mostly "
        "from licensed plantations abroad, which has raised costs but made supply more reliable.",
        "The owners of two yards have started training programmes for young carpenters, hoping to pass on "
        "skills that were close to disappearing twenty years ago.",
    ),
    _a(
        "https://www.aljazeera.com/features/2024/12/28/the-night-market-of-tunis",
        "The night market that keeps a Tunis neighbourhood awake",
        "Food stalls and book sellers fill a square in the medina after dark.",
        "Amira Ben Youssef",
        "Features",
        "2024-12-28T19:30:00+01:00",
        "Every evening after sunset, a small square in the medina of Tunis fills with food stalls, second-hand "
        "book sellers and families who come to walk, talk and eat until well after midnight.",
        "The market started as a handful of stalls during the summer and grew by word of mouth. Traders said "
        "the municipality has now given them permits and agreed to keep the square lit until two o'clock.",
        "Neighbours are divided. Some welcome the life it brings to the old streets, while others complain "
        "about noise and ask the council to limit the number of stalls.",
    ),
]
ALJAZEERA = _site(
    "aljazeera",
    "Al Jazeera",
    "en",
    "https://www.aljazeera.com/",
    _AJ,
    OtherPage(
        "https://www.aljazeera.com/video/newsfeed/2024/12/30/inside-the-desert-seed-bank",
        "video",
        "Inside the desert seed bank",
        "Video report from Doha.",
    ),
    OtherPage("https://www.aljazeera.com/tag/environment/", "tag", "Environment", "Environment news."),
    [
        Source("https://www.aljazeera.com/news-sitemap.xml", "news-sitemap", (_AJ[0].url,)),
        Source("https://www.aljazeera.com/xml/rss/all.xml", "rss", (_AJ[1].url,)),
    ],
    [2],
)

# --- Al Jazeera Arabic (ar) -------------------------------------------------------------------
_AJA = [
    _a(
        "https://www.aljazeera.net/news/2024/12/30/افتتاح-مكتبة-عامة-جديدة-في-الدوحة",
        "افتتاح مكتبة عامة جديدة في الدوحة تضم قاعة للأطفال",
        "المكتبة تفتح أبوابها يوميا حتى العاشرة مساء وتضم آلاف الكتب.",
        "سارة المهندي",
        "أخبار",
        "2024-12-30T11:00:00+03:00",
        "افتتحت في الدوحة يوم الاثنين مكتبة عامة جديدة تضم أكثر من خمسين ألف كتاب باللغتين العربية "
        "والإنجليزية، إضافة إلى قاعة مخصصة للأطفال وورش أسبوعية للقراءة والكتابة.",
        "وقالت إدارة المكتبة إن أبوابها ستبقى مفتوحة يوميا حتى العاشرة مساء، وإن الاشتراك مجاني لجميع "
        "السكان، مع خدمة لإعارة الكتب الإلكترونية عبر تطبيق على الهاتف.",
        "ورحب أولياء الأمور بالمشروع، وطالب بعضهم بفتح فروع صغيرة في الأحياء البعيدة عن وسط المدينة، "
        "وهو ما قالت الإدارة إنها تدرسه للعام المقبل.",
    ),
    _a(
        "https://www.aljazeera.net/ebusiness/2024/12/29/مزارعو-النخيل-يجربون-الري-بالتنقيط",
        "مزارعو النخيل في الأحساء يجربون الري بالتنقيط لتوفير المياه",
        "التجربة خفضت استهلاك المياه بنحو الثلث في موسمها الأول.",
        "فهد العتيبي",
        "اقتصاد",
        "2024-12-29T09:20:00+03:00",
        "بدأ عدد من مزارعي النخيل في واحة الأحساء تجربة الري بالتنقيط بدلا من الري بالغمر، في محاولة "
        "لتقليل استهلاك المياه الجوفية التي تراجع منسوبها خلال السنوات الماضية.",
        "وقال المشرفون على التجربة إن استهلاك المياه انخفض بنحو الثلث في الموسم الأول، من دون أن يتأثر "
        "إنتاج التمور بشكل ملحوظ، لكنهم أكدوا الحاجة إلى مواسم أخرى للتحقق من النتائج.",
        "ويأمل المزارعون في الحصول على دعم لشراء المعدات، إذ تبقى كلفتها مرتفعة بالنسبة للمزارع الصغيرة "
        "التي يملكها أفراد وعائلات.",
    ),
    _a(
        "https://www.aljazeera.net/culture/2024/12/28/مهرجان-للخط-العربي-في-تونس",
        "مهرجان للخط العربي في تونس يجمع خطاطين من عشرين بلدا",
        "المعرض يستمر أسبوعين ويضم ورشا مفتوحة للجمهور.",
        "ليلى بن علي",
        "ثقافة",
        "2024-12-28T18:00:00+01:00",
        "انطلق في العاصمة التونسية مهرجان للخط العربي يشارك فيه خطاطون من عشرين بلدا، ويعرض أكثر من "
        "ثلاثمئة لوحة تجمع بين الأساليب التقليدية والتجارب المعاصرة.",
        "ويتضمن البرنامج ورشا مفتوحة للجمهور يتعلم فيها الزوار أساسيات خط النسخ والثلث، إضافة إلى ندوات "
        "عن تاريخ الخط وأدواته وصناعة الحبر والأقلام.",
        "وقال المنظمون إن الإقبال فاق توقعاتهم في الأيام الأولى، وإنهم يفكرون في تنظيم جولة للمعرض في "
        "مدن تونسية أخرى خلال الربيع المقبل.",
    ),
]
ALJAZEERA_AR = _site(
    "aljazeera_ar",
    "الجزيرة نت",
    "ar",
    "https://www.aljazeera.net/",
    _AJA,
    OtherPage(
        "https://www.aljazeera.net/video/2024/12/30/جولة-داخل-المكتبة-الجديدة",
        "video",
        "جولة داخل المكتبة الجديدة",
        "فيديو من الدوحة.",
    ),
    OtherPage("https://www.aljazeera.net/tag/ثقافة/", "tag", "ثقافة", "آخر أخبار الثقافة."),
    [
        Source(
            "https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/"
            "73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
            "rss",
            (_AJA[0].url, _AJA[1].url),
        )
    ],
    [2],
)

# --- DER SPIEGEL (de) -------------------------------------------------------------------------
_SP = [
    _a(
        "https://www.spiegel.de/wissenschaft/natur/bodensee-forscher-zaehlen-wieder-mehr-felchen-a-3f6c2a1e-8b4d-4e2f-9a7c-1d2e3f4a5b6c",
        "Bodensee: Forscher zählen wieder mehr Felchen",
        "Nach Jahren des Rückgangs erholt sich der Bestand des wichtigsten Speisefischs im See.",
        "Jana Keller",
        "Wissenschaft",
        "2024-12-30T07:45:00+01:00",
        "Im Bodensee leben wieder mehr Felchen als in den vergangenen Jahren. Das zeigen Zählungen des "
        "Instituts für Seenforschung, die am Montag in Langenargen vorgestellt wurden.",
        "Die Forscher führen die Erholung auf das Fangverbot zurück, das seit drei Jahren gilt. Die Jungfische "
        "seien größer und kräftiger als zuvor, heißt es in dem Bericht der Wissenschaftler.",
        "Die Berufsfischer hoffen nun auf eine baldige Lockerung. Das Institut rät dagegen zur Geduld und "
        "will die Bestände noch mindestens zwei weitere Jahre genau beobachten.",
    ),
    _a(
        "https://www.spiegel.de/panorama/leipzig-stadtbibliothek-verleiht-jetzt-werkzeug-a-7b2e9c4d-1f3a-4b5c-8d6e-0a1b2c3d4e5f",
        "Leipzig: Stadtbibliothek verleiht jetzt auch Werkzeug",
        "Bohrmaschinen, Nähmaschinen und Messgeräte können ausgeliehen werden.",
        "Tobias Brandt",
        "Panorama",
        "2024-12-29T12:10:00+01:00",
        "Die Leipziger Stadtbibliothek verleiht seit dieser Woche nicht nur Bücher, sondern auch Werkzeug. "
        "Wer einen Bibliotheksausweis hat, kann Bohrmaschinen, Nähmaschinen und Messgeräte ausleihen.",
        "Die Idee kam von Leserinnen und Lesern, die bei einer Umfrage nach neuen Angeboten gefragt worden "
        "waren. Die Geräte wurden mit Spenden eines örtlichen Handwerksbetriebs angeschafft.",
        "Die Leihfrist beträgt eine Woche. Die Bibliothek will im Frühjahr auswerten, welche Geräte gefragt "
        "sind, und das Sortiment dann gezielt erweitern.",
    ),
    _a(
        "https://www.spiegel.de/reise/deutschland/nachtzug-nach-ruegen-faehrt-wieder-a-5c8d1e2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f",
        "Nachtzug nach Rügen fährt wieder",
        "Ab Mai verbindet ein Schlafwagenzug Stuttgart mit der Ostseeinsel.",
        "Miriam Vogt",
        "Reise",
        "2024-12-28T16:30:00+01:00",
        "Nach mehr als zehn Jahren Pause soll ab Mai wieder ein Nachtzug von Stuttgart an die Ostsee fahren. "
        "Der Zug mit Schlaf- und Liegewagen hält unter anderem in Würzburg, Erfurt und Berlin.",
        "Betrieben wird die Verbindung von einem kleinen privaten Unternehmen, das bereits Nachtzüge in "
        "Skandinavien anbietet. Zunächst sind drei Fahrten pro Woche geplant.",
        "Tourismusverbände auf Rügen begrüßen das Angebot. Sie hoffen, dass mehr Gäste ohne Auto anreisen "
        "und die Straßen auf der Insel im Sommer entlastet werden.",
    ),
    _a(
        "https://www.spiegel.de/kultur/kino-in-der-dorfkirche-ein-projekt-in-der-uckermark-a-9e1f2a3b-4c5d-4e6f-8a7b-2c3d4e5f6a7b",
        "Kino in der Dorfkirche: Ein Projekt in der Uckermark",
        "Ehrenamtliche zeigen einmal im Monat Filme in einer alten Feldsteinkirche.",
        "Lena Hoffmann",
        "Kultur",
        "2024-12-27T10:00:00+01:00",
        "In einer alten Feldsteinkirche in der Uckermark läuft einmal im Monat Kino. Ehrenamtliche haben "
        "eine Leinwand, einen Projektor und eine kleine Tonanlage angeschafft.",
        "Gezeigt werden vor allem ältere Filme und Dokumentationen über die Region. Nach jeder Vorstellung "
        "bleiben viele Gäste noch zum Gespräch und zu Tee aus der Gemeindeküche.",
        "Die Kirchengemeinde sieht darin eine Chance, das Gebäude auch unter der Woche zu nutzen. Im Sommer "
        "soll es zusätzlich Vorführungen unter freiem Himmel geben.",
    ),
]
SPIEGEL = _site(
    "spiegel",
    "DER SPIEGEL",
    "de",
    "https://www.spiegel.de/",
    _SP,
    OtherPage(
        "https://www.spiegel.de/video/bodensee-felchen-zaehlung-video-99012345.html",
        "video",
        "Video: Felchen-Zählung am Bodensee",
        "Ein Besuch bei den Seenforschern.",
    ),
    OtherPage("https://www.spiegel.de/thema/bodensee/", "tag", "Bodensee", "Alle Artikel zum Thema Bodensee."),
    [
        Source("https://www.spiegel.de/sitemaps/news-de.xml", "news-sitemap", (_SP[0].url,)),
        Source("https://www.spiegel.de/sitemap.xml", "sitemap-index", ("https://www.spiegel.de/sitemaps/2024/12/sitemap-1.xml",)),
        Source("https://www.spiegel.de/sitemaps/2024/12/sitemap-1.xml", "sitemap", (_SP[1].url,)),
        Source("https://www.spiegel.de/schlagzeilen/index.rss", "rss", (_SP[2].url,)),
        Source("https://www.spiegel.de/sitemaps/videos/sitemap.xml", "sitemap", ()),
        Source("https://www.spiegel.de/plus/sitemap.xml", "sitemap", ()),
        Source("https://www.spiegel.de/gutscheine/sitemap.xml", "sitemap", ()),
    ],
    [3],
    robots=(
        "https://www.spiegel.de/sitemaps/news-de.xml",
        "https://www.spiegel.de/sitemaps/videos/sitemap.xml",
        "https://www.spiegel.de/plus/sitemap.xml",
        "https://www.spiegel.de/sitemap.xml",
        "https://www.spiegel.de/gutscheine/sitemap.xml",
    ),
)

# --- DW (de) ----------------------------------------------------------------------------------
_DW = [
    _a(
        "https://www.dw.com/de/ghana-startet-solarprojekt-fuer-dorfschulen/a-71234561",
        "Ghana startet Solarprojekt für Dorfschulen",
        "Hundert Schulen im Norden des Landes bekommen Solaranlagen und Batterien.",
        "Kwame Mensah",
        "Afrika",
        "2024-12-30T09:00:00+01:00",
        "In Ghana sollen hundert Dorfschulen im Norden des Landes Solaranlagen bekommen. Das Bildungsministerium "
        "stellte das Projekt am Montag in Tamale vor und nannte einen Zeitplan von zwei Jahren.",
        "Viele Schulen in der Region haben bisher keinen Stromanschluss. Mit den Anlagen sollen Licht, "
        "Ventilatoren und einfache Computerräume betrieben werden, heißt es aus dem Ministerium.",
        "Lehrerverbände begrüßen das Vorhaben, fordern aber auch Geld für die Wartung. Ohne Ersatzteile und "
        "geschulte Techniker würden die Anlagen nach wenigen Jahren ausfallen, warnen sie.",
    ),
    _a(
        "https://www.dw.com/de/polnische-staedte-testen-kostenlose-busse/a-71234562",
        "Polnische Städte testen kostenlose Busse",
        "Drei mittelgroße Städte verzichten ein Jahr lang auf Fahrkarten.",
        "Agnieszka Nowak",
        "Europa",
        "2024-12-29T11:30:00+01:00",
        "Drei mittelgroße Städte in Polen wollen ein Jahr lang testen, ob kostenlose Busse mehr Menschen zum "
        "Umsteigen bewegen. Der Versuch beginnt am ersten Januar und wird wissenschaftlich begleitet.",
        "Die Städte rechnen mit Mehrkosten, die sie zum Teil mit Einsparungen bei der Parkraumverwaltung "
        "ausgleichen wollen. Auch weniger Verkehr in den Innenstädten gehört zu den Zielen.",
        "Kritiker bezweifeln, dass kostenlose Fahrten allein genügen. Sie verlangen dichtere Takte und neue "
        "Linien in die Vororte, damit der Bus eine echte Alternative zum Auto wird.",
    ),
    _a(
        "https://www.dw.com/de/chile-schuetzt-seine-wuestenblumen/a-71234563",
        "Chile schützt seine Wüstenblumen",
        "Ein neues Schutzgebiet in der Atacama soll die blühende Wüste bewahren.",
        "Carolina Rojas",
        "Umwelt",
        "2024-12-28T15:00:00+01:00",
        "Chile hat in der Atacama-Wüste ein neues Schutzgebiet ausgewiesen. Es soll die seltenen Blumen "
        "bewahren, die nach kräftigen Regenfällen die trockene Landschaft für wenige Wochen färben.",
        "In den vergangenen Jahren hatten Besucher viele Pflanzen zertreten oder ausgegraben. Künftig sollen "
        "Ranger die Wege kontrollieren und Besucher nur auf markierten Pfaden unterwegs sein.",
        "Biologen begrüßen die Entscheidung. Sie hoffen, dass das Gebiet auch der Forschung dient, denn über "
        "viele der Arten ist bisher nur wenig bekannt.",
    ),
    _a(
        "https://www.dw.com/de/ein-chor-fuer-alle-generationen-in-hamburg/a-71234564",
        "Ein Chor für alle Generationen in Hamburg",
        "Kinder und Senioren singen gemeinsam in einem Stadtteilzentrum.",
        "Paul Schröder",
        "Kultur",
        "2024-12-27T18:00:00+01:00",
        "In einem Hamburger Stadtteilzentrum singen jeden Donnerstag Kinder und Senioren gemeinsam. Der Chor "
        "hat inzwischen mehr als sechzig Mitglieder zwischen sechs und neunzig Jahren.",
        "Die Leiterin sagt, die Älteren brächten Geduld und alte Lieder mit, die Jüngeren Energie und neue "
        "Ideen. Viele Familien kämen inzwischen gemeinsam zu den Proben.",
        "Im Frühjahr plant der Chor sein erstes großes Konzert in einer Kirche im Stadtteil. Der Eintritt soll "
        "frei sein, Spenden gehen an die Musikschule des Viertels.",
    ),
]
DW = _site(
    "dw",
    "DW",
    "de",
    "https://www.dw.com/de/",
    _DW,
    OtherPage(
        "https://www.dw.com/de/solarstrom-fuer-schulen-in-ghana/video-71234569",
        "video",
        "Solarstrom für Schulen in Ghana",
        "Video aus Tamale.",
    ),
    OtherPage("https://www.dw.com/de/ghana/t-18880123", "tag", "Ghana", "Aktuelle Nachrichten aus Ghana."),
    [
        Source("https://www.dw.com/de/news-sitemap.xml", "news-sitemap", (_DW[0].url,)),
        Source("https://www.dw.com/de/article-sitemap.xml", "sitemap", (_DW[1].url,)),
        Source("https://rss.dw.com/xml/rss-de-all", "rss", (_DW[2].url,)),
    ],
    [3],
    extra_hosts=("rss.dw.com",),
)

# --- tagesschau.de (de) -----------------------------------------------------------------------
_TS = [
    _a(
        "https://www.tagesschau.de/inland/gesellschaft/ehrenamt-tafeln-winter-100.html",
        "Tafeln suchen im Winter mehr Ehrenamtliche",
        "Viele Ausgabestellen haben lange Wartelisten und zu wenige Helfer.",
        "Sabine Lorenz",
        "Inland",
        "2024-12-30T06:30:00+01:00",
        "Die Tafeln in Deutschland suchen für die Wintermonate dringend Ehrenamtliche. Viele Ausgabestellen "
        "berichten von langen Wartelisten und zu wenigen Helferinnen und Helfern.",
        "Besonders gefragt sind Menschen mit Führerschein, die Lebensmittel bei Supermärkten abholen. Auch "
        "für die Sortierung und die Ausgabe an den Nachmittagen fehlen Freiwillige.",
        "Der Dachverband ruft Unternehmen auf, ihre Beschäftigten für einzelne Tage freizustellen. Einige "
        "Firmen haben bereits zugesagt, sich an dem Programm zu beteiligen.",
    ),
    _a(
        "https://www.tagesschau.de/wirtschaft/verbraucher/reparaturbonus-thueringen-102.html",
        "Reparaturbonus in Thüringen wird verlängert",
        "Wer Elektrogeräte reparieren lässt, bekommt weiter einen Teil der Kosten erstattet.",
        "Markus Wendt",
        "Wirtschaft",
        "2024-12-29T10:15:00+01:00",
        "Thüringen verlängert seinen Reparaturbonus um ein weiteres Jahr. Wer ein kaputtes Elektrogerät "
        "reparieren lässt, bekommt weiterhin die Hälfte der Kosten erstattet, höchstens aber hundert Euro.",
        "Nach Angaben des Umweltministeriums wurden seit dem Start mehr als vierzigtausend Anträge gestellt. "
        "Am häufigsten wurden Waschmaschinen, Kaffeemaschinen und Mobiltelefone repariert.",
        "Reparaturbetriebe berichten von deutlich mehr Aufträgen. Sie wünschen sich aber einfachere Anträge "
        "und eine schnellere Auszahlung an die Kundinnen und Kunden.",
    ),
    _a(
        "https://www.tagesschau.de/ausland/europa/island-gletscher-messung-104.html",
        "Island misst seine Gletscher mit Drohnen",
        "Forscher wollen den Eisverlust genauer erfassen als bisher.",
        "Erik Jónsson",
        "Ausland",
        "2024-12-28T14:00:00+01:00",
        "Forscher in Island vermessen die Gletscher des Landes seit diesem Jahr mit Drohnen. So wollen sie "
        "genauer als bisher erfassen, wie viel Eis in jedem Sommer verloren geht.",
        "Die Drohnen fliegen im Herbst feste Routen ab und erstellen dreidimensionale Modelle der Eisflächen. "
        "Die Ergebnisse werden mit älteren Luftbildern und Satellitendaten verglichen.",
        "Die ersten Auswertungen bestätigen einen starken Rückgang an den kleineren Gletschern. Die Daten "
        "sollen künftig jedes Jahr öffentlich zugänglich gemacht werden.",
    ),
]
TAGESSCHAU = _site(
    "tagesschau",
    "tagesschau.de",
    "de",
    "https://www.tagesschau.de/",
    _TS,
    OtherPage(
        "https://www.tagesschau.de/multimedia/video/video-1432101.html",
        "video",
        "Video: Tafeln im Winter",
        "Ein Bericht aus einer Ausgabestelle.",
    ),
    OtherPage("https://www.tagesschau.de/thema/ehrenamt", "tag", "Ehrenamt", "Alle Meldungen zum Thema Ehrenamt."),
    [Source("https://www.tagesschau.de/xml/rss2/", "rss", (_TS[0].url, _TS[1].url))],
    [2],
)
