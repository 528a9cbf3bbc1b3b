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


def _a(
    url: str, headline: str, description: str, author: str, section: str, published: str, *text: str
) -> Article:
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
    OtherPage(
        "https://www.theguardian.com/world/portugal", "tag", "Portugal", "News and comment on Portugal."
    ),
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
    robots=(
        "https://www.theguardian.com/sitemaps/news.xml",
        "https://www.theguardian.com/sitemaps/video.xml",
    ),
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
    OtherPage(
        "https://www.spiegel.de/thema/bodensee/", "tag", "Bodensee", "Alle Artikel zum Thema Bodensee."
    ),
    [
        Source("https://www.spiegel.de/sitemaps/news-de.xml", "news-sitemap", (_SP[0].url,)),
        Source(
            "https://www.spiegel.de/sitemap.xml",
            "sitemap-index",
            ("https://www.spiegel.de/sitemaps/2024/12/sitemap-1.xml",),
        ),
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
    OtherPage(
        "https://www.tagesschau.de/thema/ehrenamt", "tag", "Ehrenamt", "Alle Meldungen zum Thema Ehrenamt."
    ),
    [Source("https://www.tagesschau.de/xml/rss2/", "rss", (_TS[0].url, _TS[1].url))],
    [2],
)

# --- Le Monde (fr) ----------------------------------------------------------------------------
_LM = [
    _a(
        "https://www.lemonde.fr/planete/article/2024/12/30/en-bretagne-les-ostreiculteurs-surveillent-la-temperature-de-l-eau_6474521_3244.html",
        "En Bretagne, les ostréiculteurs surveillent la température de l'eau",
        "Des capteurs installés dans les parcs à huîtres alertent les producteurs en cas de chaleur.",
        "Claire Le Gall",
        "Planète",
        "2024-12-30T06:00:00+01:00",
        "Dans le golfe du Morbihan, des ostréiculteurs ont installé des capteurs dans leurs parcs pour suivre "
        "la température de l'eau heure par heure et recevoir une alerte sur leur téléphone.",
        "Les étés plus chauds ont provoqué ces dernières années des pertes importantes. Les producteurs "
        "espèrent mieux choisir le moment où ils déplacent les poches d'huîtres vers des eaux plus profondes.",
        "Le projet est financé par la région et suivi par des chercheurs de Brest, qui publieront les données "
        "recueillies pour aider d'autres bassins de production à s'adapter.",
    ),
    _a(
        "https://www.lemonde.fr/societe/article/2024/12/29/a-lyon-une-cantine-solidaire-ouvre-le-soir_6474522_3224.html",
        "À Lyon, une cantine solidaire ouvre désormais le soir",
        "L'association sert des repas à prix libre trois soirs par semaine.",
        "Julien Morel",
        "Société",
        "2024-12-29T18:20:00+01:00",
        "Une cantine solidaire du quartier de la Guillotière, à Lyon, ouvre désormais ses portes trois soirs "
        "par semaine. Les repas sont servis à prix libre et préparés par des bénévoles.",
        "L'association explique que de nombreux travailleurs aux horaires décalés ne pouvaient pas venir à "
        "midi. Les légumes proviennent en partie de maraîchers de la vallée du Rhône.",
        "La mairie d'arrondissement a prêté une salle supplémentaire pour l'hiver. Les responsables cherchent "
        "encore des volontaires pour la vaisselle et l'accueil du public.",
    ),
    _a(
        "https://www.lemonde.fr/culture/article/2024/12/28/un-festival-de-contes-dans-les-villages-du-jura_6474523_3246.html",
        "Un festival de contes fait le tour des villages du Jura",
        "Des conteurs se produisent dans des granges, des écoles et des cafés.",
        "Hélène Faivre",
        "Culture",
        "2024-12-28T12:00:00+01:00",
        "Pendant deux semaines, un festival de contes parcourt les villages du Jura. Les conteurs se "
        "produisent dans des granges, des salles des fêtes, des écoles et parfois dans des cafés.",
        "Les organisateurs veulent faire venir la culture là où il n'y a ni théâtre ni cinéma. Les "
        "spectacles sont gratuits pour les enfants et à petit prix pour les adultes.",
        "Le public est au rendez-vous, selon les bénévoles, qui envisagent déjà une édition d'été en plein "
        "air, sur les sentiers de randonnée de la région.",
    ),
    _a(
        "https://www.lemonde.fr/economie/article/2024/12/27/les-petites-gares-retrouvent-des-commerces_6474524_3234.html",
        "Les petites gares retrouvent des commerces",
        "Des bâtiments voyageurs abandonnés accueillent épiceries et ateliers.",
        "Thomas Girard",
        "Économie",
        "2024-12-27T09:30:00+01:00",
        "Dans plusieurs régions, des bâtiments voyageurs de petites gares, fermés depuis des années, "
        "accueillent de nouveau des commerces : épiceries, ateliers de réparation de vélos ou cafés.",
        "Les communes louent ces locaux à bas prix à des porteurs de projet. Les voyageurs retrouvent un "
        "lieu chauffé pour attendre le train et les habitants un commerce de proximité.",
        "Le dispositif doit être étendu à une centaine de gares l'an prochain, à condition que les communes "
        "prennent en charge une partie des travaux de rénovation.",
    ),
]
LEMONDE = _site(
    "lemonde",
    "Le Monde",
    "fr",
    "https://www.lemonde.fr/",
    _LM,
    OtherPage(
        "https://www.lemonde.fr/videos/video/2024/12/30/les-huitres-face-a-la-chaleur_6474530_1669088.html",
        "video",
        "Les huîtres face à la chaleur",
        "Reportage vidéo dans le golfe du Morbihan.",
    ),
    OtherPage("https://www.lemonde.fr/bretagne/", "tag", "Bretagne", "Toute l'actualité de la Bretagne."),
    [
        Source("https://www.lemonde.fr/sitemap_news.xml", "news-sitemap", (_LM[0].url,)),
        Source(
            "https://www.lemonde.fr/sitemap_index.xml",
            "sitemap-index",
            ("https://www.lemonde.fr/sitemap/articles/2024-12-29.xml",),
        ),
        Source("https://www.lemonde.fr/sitemap/articles/2024-12-29.xml", "sitemap", (_LM[1].url,)),
        Source("https://www.lemonde.fr/rss/une.xml", "rss", (_LM[2].url,)),
        Source("https://www.lemonde.fr/en/sitemap_news.xml", "news-sitemap", ()),
        Source("https://www.lemonde.fr/en/sitemap_index.xml", "sitemap-index", ()),
    ],
    [3],
    robots=(
        "https://www.lemonde.fr/sitemap_news.xml",
        "https://www.lemonde.fr/sitemap_index.xml",
        "https://www.lemonde.fr/en/sitemap_news.xml",
        "https://www.lemonde.fr/en/sitemap_index.xml",
    ),
)

# --- France 24 (fr) ---------------------------------------------------------------------------
_F24 = [
    _a(
        "https://www.france24.com/fr/afrique/20241230-au-sénégal-des-pêcheurs-testent-des-moteurs-électriques",
        "Au Sénégal, des pêcheurs testent des moteurs électriques",
        "Une coopérative de Saint-Louis équipe ses pirogues de moteurs à batterie.",
        "Aminata Diallo",
        "Afrique",
        "2024-12-30T10:30:00+01:00",
        "À Saint-Louis, au Sénégal, une coopérative de pêcheurs teste depuis trois mois des moteurs "
        "électriques sur une dizaine de pirogues, rechargés grâce à des panneaux solaires installés sur la plage.",
        "Les pêcheurs disent économiser une grande partie de leurs dépenses de carburant. Ils regrettent "
        "toutefois une autonomie encore limitée pour les sorties les plus longues en mer.",
        "La coopérative espère convaincre une banque locale de proposer des crédits pour l'achat des "
        "moteurs, qui restent chers pour la plupart des familles de pêcheurs.",
    ),
    _a(
        "https://www.france24.com/fr/europe/20241229-en-grèce-une-île-mise-sur-le-dessalement-solaire",
        "En Grèce, une île mise sur le dessalement solaire",
        "Une petite unité produit l'eau potable de quelque huit cents habitants.",
        "Nikos Papadakis",
        "Europe",
        "2024-12-29T13:00:00+01:00",
        "Sur une petite île des Cyclades, une unité de dessalement alimentée par l'énergie solaire fournit "
        "désormais l'eau potable à environ huit cents habitants toute l'année.",
        "Jusqu'ici, l'eau arrivait par bateau-citerne pendant l'été, à un coût très élevé pour la commune. "
        "Les élus affirment que l'installation sera remboursée en moins de dix ans.",
        "D'autres îles de l'archipel suivent l'expérience de près. Le ministère envisage un programme "
        "national si les résultats se confirment après la prochaine saison touristique.",
    ),
    _a(
        "https://www.france24.com/fr/culture/20241228-à-montréal-une-bibliothèque-de-semences-gratuite",
        "À Montréal, une bibliothèque prête des semences",
        "Les habitants empruntent des graines et rapportent celles de leurs récoltes.",
        "Sophie Tremblay",
        "Culture",
        "2024-12-28T17:00:00+01:00",
        "Une bibliothèque de quartier à Montréal prête désormais des semences. Les habitants empruntent des "
        "graines de légumes et de fleurs, puis rapportent à l'automne celles de leurs propres récoltes.",
        "Les bibliothécaires organisent aussi des ateliers sur le jardinage en balcon et la conservation des "
        "graines. Le catalogue compte déjà plus de deux cents variétés.",
        "L'initiative a été copiée par trois autres bibliothèques de la ville, qui échangent entre elles les "
        "variétés les plus demandées par leurs usagers.",
    ),
]
FRANCE24 = _site(
    "france24",
    "France 24",
    "fr",
    "https://www.france24.com/fr/",
    _F24,
    OtherPage(
        "https://www.france24.com/fr/vidéo/20241230-sénégal-pirogues-électriques",
        "video",
        "Sénégal : des pirogues électriques",
        "Reportage vidéo à Saint-Louis.",
    ),
    OtherPage("https://www.france24.com/fr/tag/sénégal/", "tag", "Sénégal", "L'actualité du Sénégal."),
    [
        Source("https://www.france24.com/fr/rss", "rss", (_F24[0].url,)),
        Source("https://www.france24.com/fr/sitemap_news.xml", "news-sitemap", (_F24[1].url,)),
    ],
    [2],
)

# --- El País (es) -----------------------------------------------------------------------------
_EP = [
    _a(
        "https://elpais.com/espana/2024-12-30/un-pueblo-de-soria-abre-una-escuela-rural-con-seis-alumnos.html",
        "Un pueblo de Soria reabre su escuela rural con seis alumnos",
        "La llegada de tres familias ha permitido recuperar el aula cerrada hace una década.",
        "Lucía Martín",
        "España",
        "2024-12-30T07:00:00+01:00",
        "Un pequeño pueblo de Soria ha vuelto a abrir su escuela rural, cerrada hace más de una década, "
        "gracias a la llegada de tres familias que se instalaron allí durante el último año.",
        "El aula tiene seis alumnos de distintas edades y una maestra que llegó desde Valladolid. El "
        "ayuntamiento ha arreglado el edificio y ha comprado ordenadores y libros nuevos.",
        "Los vecinos confían en que la escuela anime a otras familias a mudarse. La diputación estudia ayudas "
        "para la vivienda en los pueblos que recuperen servicios públicos.",
    ),
    _a(
        "https://elpais.com/america/2024-12-29/los-cafeteros-de-colombia-prueban-la-sombra-para-resistir-el-calor.html",
        "Los cafeteros de Colombia prueban la sombra para resistir el calor",
        "Plantar árboles entre los cafetos reduce la temperatura de las fincas.",
        "Andrés Gómez",
        "América",
        "2024-12-29T12:45:00+01:00",
        "Cientos de pequeños productores de café en Colombia están plantando árboles entre sus cafetos para "
        "dar sombra a las plantas y protegerlas de las olas de calor cada vez más frecuentes.",
        "Los técnicos de la federación cafetera dicen que la sombra reduce la temperatura de las fincas y "
        "ayuda a conservar la humedad del suelo durante los meses más secos.",
        "La cosecha tarda algo más en madurar, reconocen los agricultores, pero aseguran que la calidad del "
        "grano mejora y que el precio compensa la menor producción.",
    ),
    _a(
        "https://elpais.com/cultura/2024-12-28/una-biblioteca-flotante-recorre-los-rios-de-la-amazonia.html",
        "Una biblioteca flotante recorre los ríos de la Amazonía",
        "Un barco con cuatro mil libros visita comunidades ribereñas cada mes.",
        "Marta Silva",
        "Cultura",
        "2024-12-28T19:00:00+01:00",
        "Un barco con cuatro mil libros recorre cada mes los ríos de la Amazonía peruana y visita comunidades "
        "ribereñas que no tienen biblioteca ni librería a menos de varios días de viaje.",
        "A bordo viajan dos bibliotecarias y un mediador de lectura que organiza cuentacuentos para los niños. "
        "Los préstamos se devuelven en la siguiente visita del barco.",
        "El proyecto nació con donaciones de editoriales y ahora busca financiación pública para añadir un "
        "segundo barco y llegar a más comunidades del río.",
    ),
]
ELPAIS = _site(
    "elpais",
    "El País",
    "es",
    "https://elpais.com/",
    _EP,
    OtherPage(
        "https://elpais.com/videos/2024-12-30/asi-es-la-escuela-rural-de-soria.html",
        "video",
        "Así es la escuela rural de Soria",
        "Vídeo desde Soria.",
    ),
    OtherPage("https://elpais.com/noticias/soria/", "tag", "Soria", "Últimas noticias sobre Soria."),
    [
        Source("https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada", "rss", (_EP[0].url,)),
        Source("https://elpais.com/sitemaps/news.xml", "news-sitemap", (_EP[1].url,)),
    ],
    [2],
    extra_hosts=("feeds.elpais.com",),
)

# --- Anadolu Ajansı (tr) ----------------------------------------------------------------------
_AA = [
    _a(
        "https://www.aa.com.tr/tr/turkiye/karadenizde-hamsi-sezonu-bereketli-geciyor/3412345",
        "Karadeniz'de hamsi sezonu bereketli geçiyor",
        "Balıkçılar, bu yıl av miktarının geçen yıla göre arttığını söylüyor.",
        "Ayşe Yılmaz",
        "Türkiye",
        "2024-12-30T08:00:00+03:00",
        "Karadeniz'de hamsi sezonu bu yıl bereketli geçiyor. Trabzon ve Rize limanlarına dönen tekneler, geçen "
        "yılın aynı dönemine göre daha fazla balıkla kıyıya yanaşıyor.",
        "Kooperatif başkanı, av yasaklarına uyulmasının ve uygun deniz sıcaklıklarının verimi artırdığını "
        "söyledi. Balık fiyatlarının da tezgahlarda geçen yıla göre düştüğü belirtildi.",
        "Bilim insanları ise stokların korunması için küçük balıkların avlanmaması gerektiği konusunda "
        "uyarıyor ve denetimlerin sezon boyunca sürmesini istiyor.",
    ),
    _a(
        "https://www.aa.com.tr/tr/kultur/kapadokyada-eski-konaklar-kutuphaneye-donusuyor/3412346",
        "Kapadokya'da eski konaklar kütüphaneye dönüşüyor",
        "Restore edilen iki taş konak, halk kütüphanesi olarak hizmet verecek.",
        "Mehmet Demir",
        "Kültür",
        "2024-12-29T14:30:00+03:00",
        "Nevşehir'in Ürgüp ilçesinde restore edilen iki tarihi taş konak, halk kütüphanesi olarak hizmet "
        "vermeye başladı. Kütüphanede yaklaşık on iki bin kitap bulunuyor.",
        "Belediye yetkilileri, konakların avlularının yaz aylarında okuma etkinlikleri ve söyleşiler için "
        "kullanılacağını açıkladı. Çocuklar için ayrı bir okuma odası da hazırlandı.",
        "İlçe sakinleri, yıllardır boş duran binaların yeniden hayat bulmasından memnun olduklarını ifade "
        "ederek benzer projelerin diğer köylerde de yapılmasını istedi.",
    ),
    _a(
        "https://www.aa.com.tr/tr/ekonomi/egeli-zeytin-ureticileri-kooperatifte-bulustu/3412347",
        "Egeli zeytin üreticileri kooperatifte buluştu",
        "Küçük üreticiler, zeytinyağını ortak markayla satmaya hazırlanıyor.",
        "Elif Şahin",
        "Ekonomi",
        "2024-12-28T11:15:00+03:00",
        "Ayvalık ve Edremit'teki küçük zeytin üreticileri bir kooperatif kurarak zeytinyağlarını ortak bir "
        "markayla satmaya karar verdi. Kooperatifin şimdiden iki yüzden fazla ortağı var.",
        "Üreticiler, aracıların payını azaltarak daha iyi fiyat almayı hedefliyor. Kooperatif, ortak bir "
        "sıkma tesisi ve şişeleme hattı kurmak için kredi başvurusu yaptı.",
        "Ziraat odası temsilcileri, kalitenin korunması için hasat ve depolama konusunda üreticilere eğitim "
        "verileceğini ve ilk ürünlerin bahar aylarında satışa çıkacağını söyledi.",
    ),
]
ANADOLU = _site(
    "anadolu",
    "Anadolu Ajansı",
    "tr",
    "https://www.aa.com.tr/tr",
    _AA,
    OtherPage(
        "https://www.aa.com.tr/tr/video/turkiye/hamsi-teknelerinde-bir-gun/1234567",
        "video",
        "Hamsi teknelerinde bir gün",
        "Trabzon'dan video haber.",
    ),
    OtherPage(
        "https://www.aa.com.tr/tr/etiket/karadeniz", "tag", "Karadeniz", "Karadeniz ile ilgili haberler."
    ),
    # The fixture serves this feed as Atom: one public project reads AA's feeds as Atom.
    [Source("https://www.aa.com.tr/tr/rss/default?cat=guncel", "atom", (_AA[0].url, _AA[1].url))],
    [2],
)

# --- NHK (ja) ---------------------------------------------------------------------------------
_NHK = [
    _a(
        "https://www3.nhk.or.jp/news/html/20241230/k10014681231000.html",
        "北海道の漁港で新しい冷凍施設が完成 水産物の鮮度保持へ",
        "漁港に新しい冷凍施設が完成し、水揚げした魚をすぐに保管できるようになりました。",
        "NHK札幌放送局",
        "社会",
        "2024-12-30T11:30:00+09:00",
        "北海道東部の漁港で、水揚げした魚をすぐに凍らせて保管できる新しい冷凍施設が完成し、30日、"
        "関係者が出席して記念の式典が開かれました。施設は地元の漁業協同組合が運営し、"
        "サンマやサケなどおよそ二千トンを保管できるということです。",
        "これまでは水揚げした魚を遠くの施設までトラックで運ぶ必要があり、鮮度が落ちることが課題でした。"
        "組合の担当者は「地元で保管できるようになり、魚の値段も安定するのではないか」と話していました。",
        "町は施設を活用して、冷凍した魚を学校給食に使う取り組みも来年から始める計画で、"
        "地元の子どもたちに地域の魚を味わってもらいたいとしています。",
    ),
    _a(
        "https://www3.nhk.or.jp/news/html/20241229/k10014681232000.html",
        "京都の商店街 空き店舗を若手職人の工房に",
        "商店街の空き店舗を改装し、若手の職人が工房として使えるようにする取り組みが始まりました。",
        "NHK京都放送局",
        "経済",
        "2024-12-29T18:00:00+09:00",
        "京都市の商店街で、空き店舗を改装して若手の職人に工房として貸し出す取り組みが始まりました。"
        "陶芸や木工、染め物などの職人五人が入居し、店先で作業の様子を見ることができます。",
        "商店街では高齢化などで閉店が相次ぎ、シャッターを下ろした店が目立っていました。"
        "家賃の一部を商店街の組合と市が補助することで、若い職人が借りやすくしたということです。",
        "訪れた人は「職人と直接話せるのが楽しい」と話していました。組合は来年、"
        "さらに三つの空き店舗で同じような取り組みを進めたいとしています。",
    ),
    _a(
        "https://www3.nhk.or.jp/news/html/20241228/k10014681233000.html",
        "長野 山あいの集落で雪下ろしボランティアの受け付け始まる",
        "高齢者の多い集落で、雪下ろしを手伝うボランティアの受け付けが始まりました。",
        "NHK長野放送局",
        "社会",
        "2024-12-28T09:00:00+09:00",
        "長野県北部の山あいの集落で、高齢者の住宅の雪下ろしを手伝うボランティアの受け付けが始まりました。"
        "今シーズンは例年より雪が多くなると予想されていて、村は早めの準備を呼びかけています。",
        "ボランティアには安全講習を受けてもらい、命綱やヘルメットなどの装備は村が貸し出します。"
        "去年は県外からもおよそ百人が参加し、三十軒以上の住宅で作業をしたということです。",
        "村の担当者は「屋根からの転落事故を防ぐためにも、一人で作業しないでほしい」と話していました。",
    ),
]
NHK = _site(
    "nhk",
    "NHK NEWS WEB",
    "ja",
    "https://www3.nhk.or.jp/news/",
    _NHK,
    OtherPage(
        "https://www3.nhk.or.jp/news/movie/20241230/k10014681239000.html",
        "video",
        "動画 漁港の新しい冷凍施設",
        "北海道東部の漁港から。",
    ),
    OtherPage("https://www3.nhk.or.jp/news/catnew.html", "tag", "新着ニュース", "新着ニュースの一覧です。"),
    [Source("https://www3.nhk.or.jp/rss/news/cat0.xml", "rss", (_NHK[0].url, _NHK[1].url))],
    [2],
)

PROFILE_FIXTURES: dict[str, ProfileFixture] = {
    f.profile: f
    for f in (
        TRTWORLD,
        GUARDIAN,
        ALJAZEERA,
        ALJAZEERA_AR,
        SPIEGEL,
        DW,
        TAGESSCHAU,
        LEMONDE,
        FRANCE24,
        ELPAIS,
        ANADOLU,
        NHK,
    )
}


def generate(root: Path = FIXTURES_DIR) -> None:
    """Write every profile's fixture site under ``root`` (replacing what was there)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    write_sites([f.site for f in PROFILE_FIXTURES.values()], root)


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES_DIR)
