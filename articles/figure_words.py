"""The words the fact proposer reads figures by: currencies, units, cue words for kinds."""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Money written before the number: "US$1 million", "C$200", "S$389 billion", "€15", "£2".
CURRENCY_SIGNS = {
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "cdn$": "CAD",
    "cad": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "s$": "SGD",
    "hk$": "HKD",
    "nz$": "NZD",
    "rmb": "CNY",
    "cny": "CNY",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "$": "$",  # a bare dollar: which one depends on the text (see dollar_of)
}
# Money written after the number: "260 billion yuan", "15 milliards d'euros", "1 200 dollars".
CURRENCY_WORDS = {
    "dollars": "$",
    "dollar": "$",
    "$": "$",
    "yuan": "CNY",
    "yuans": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "yens": "JPY",
    "euros": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "pounds sterling": "GBP",
    "livres sterling": "GBP",
    "£": "GBP",
    "rupees": "INR",
    "roupies": "INR",
    "won": "KRW",
    "pesos": "MXN",
}
# What says which dollar: "dollars américains", "$25-billion (U.S.)", "US$", "$ canadiens".
DOLLAR_NAMED = re.compile(
    r"\s?(?:\(U\.S\.\)|\(US\)|U\.S\.(?!\w)|US(?!\w)|américains|americains|des États-Unis"
    r"|\(Cdn\.?\)|canadiens|Canadian(?!\s+[a-z]))",
    re.I,
)
CANADIAN_TEXT = re.compile(
    r"\b(?:Canada|Canadian|Canadians|Ottawa|Toronto|Montreal|Montréal|Vancouver|Calgary|Edmonton"
    r"|Winnipeg|Halifax|Regina|Fredericton|Moncton|B\.C\.|British Columbia|Alberta|Ontario"
    r"|Quebec|Québec|Nova Scotia|New Brunswick|Manitoba|Saskatchewan|Newfoundland"
    r"|Prince Edward Island)\b"
)


def dollar_of(body: str, language: str) -> str:
    """A bare "$" or "dollars": CAD in French and in English texts that are about Canada
    (they name it, a province or a Canadian city), USD otherwise. A guess editors check."""
    return "CAD" if language == "fr" or CANADIAN_TEXT.search(body) else "USD"


# Units, as the English plural noun editors record ("organisations", "businesses", "years").
UNITS = {
    # French nouns
    "emplois": "jobs",
    "emploi": "jobs",
    "postes": "jobs",
    "consommateurs": "consumers",
    "personnes": "people",
    "habitants": "inhabitants",
    "entreprises": "businesses",
    "sociétés": "companies",
    "compagnies": "companies",
    "magasins": "stores",
    "succursales": "stores",
    "dépanneurs": "stores",
    "usines": "plants",
    "bureaux": "offices",
    "employés": "employees",
    "salariés": "employees",
    "travailleurs": "workers",
    "ans": "years",
    "années": "years",
    "mois": "months",
    "jours": "days",
    "semaines": "weeks",
    "heures": "hours",
    "tonnes": "tonnes",
    "livres": "pounds",
    "kilogrammes": "kilograms",
    "kilos": "kilograms",
    "barils": "barrels",
    "navires": "ships",
    "avions": "aircraft",
    "appareils": "aircraft",
    "livraisons": "deliveries",
    "marques": "brands",
    "exposants": "exhibitors",
    "pays": "countries",
    "agriculteurs": "farmers",
    "producteurs": "producers",
    "ententes": "agreements",
    "accords": "agreements",
    "contrats": "contracts",
    "produits": "products",
    "universités": "universities",
    "visiteurs": "visitors",
    "touristes": "tourists",
    "véhicules": "vehicles",
    "voitures": "cars",
    "clients": "customers",
    "utilisateurs": "users",
    "membres": "members",
    "délégués": "delegates",
    "étudiants": "students",
    "projets": "projects",
    "vols": "flights",
    "passagers": "passengers",
    "conteneurs": "containers",
    "hectares": "hectares",
    "kilomètres": "kilometres",
    "mètres carrés": "square metres",
    "gens d'affaires": "business people",
    # English singulars and irregulars
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "job": "jobs",
    "person": "people",
    "people": "people",
    "staff": "staff",
    "aircraft": "aircraft",
    "seafood": "",  # a modifier: "40 Canadian seafood companies"
    "square metres": "square metres",
    "square-metre": "square metres",
    "square metre": "square metres",
    "square feet": "square feet",
    "square-foot": "square feet",
    "business people": "business people",
    "percentage points": "percentage points",
    "percentage point": "percentage points",
    "points de pourcentage": "percentage points",
    "point de pourcentage": "percentage points",
}
TIME_UNITS = {"years", "months", "weeks", "days", "hours", "minutes"}
# Words between a number and its unit: "200,000 fresh lobsters", "four new offices".
ADJECTIVES = _words(
    "other new more additional fresh frozen live electric seasonal wireless weekly daily monthly "
    "annual permanent commercial full-time part-time active direct foreign local small big large "
    "major top young old online skilled well-paying high-paying "
    "autres nouveaux nouvelles nouveau nouvelle grands grandes petits petites"
)
# People named by where they are from: "1.5 million Chinese here" reads as 1.5 million people.
DEMONYMS = _words(
    "chinese canadians americans mexicans indians japanese koreans vietnamese europeans "
    "chinois canadiens américains mexicains"
)
# Words that end in -s but are no unit.
NOT_UNITS = _words(
    "is was has does goes says its this thus plus less us as his hers ours yours theirs "
    "always perhaps besides whereas towards afterwards per cent percent dans sous sans tous "
    "vers après depuis alors mais pas plus moins ans"
) - {"ans"}
# Words that end a noun phrase: "42 of its jets" has no unit after 42.
FUNCTION_WORDS = _words(
    "of and or to in on at the a an for from with by as than that which who is are was were be "
    "been will would has have had it its their his her this these those per each every more less "
    "a.m p.m am pm de des du la le les et ou à au aux en par pour sur avec que qui est sont ont "
    "été sera dans ce ces son sa ses leur leurs plus moins"
)
MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    r"|july|august|september|october|november|december|janvier|février|mars|avril|mai|juin"
    r"|juillet|août|septembre|octobre|novembre|décembre"
)
# What a figure measures, by the words near it (the nearest wins). Checked in this order for
# words at the same distance.
KIND_CUES = (
    ("tariff", r"tariffs?|dut(?:y|ies)|droits? de douane|surtaxes?|tarifs? douaniers?"),
    (
        "sales_target",
        r"(?:aims?|wants?|plans?|hopes?|vise|veut|objectif)\b.{0,40}\b(?:sell|vendre)",
    ),
    (
        "exports",
        r"exports?|exported|exporters?|exportations?|exporté\w*|ship(?:s|ped)?\s+to|shipped|shipments?",
    ),
    ("imports", r"imports?|imported|importations?|importé\w*"),
    (
        "trade",
        r"trade (?:surplus|deficit|volume)|two-way trade|bilateral trade|trade between"
        r"|surplus|deficit|déficit|excédent|commerce bilatéral|commerce entre|commerce mondial"
        r"|commerce|trade",
    ),
    ("capital_raised", r"rais(?:e|ed|ing)|IPO|initial public offering|listing|lev[ée]\w*"),
    ("revenue", r"revenues?|chiffre d'affaires|revenus?|turnover"),
    ("profit", r"profits?|earnings|net income|bénéfices?"),
    (
        "investment",
        r"invest\w*|spend(?:s|ing)?|spent|subsid\w*|prêts?|loans?|stakes?|fonds|funding"
        r"|financement|dépenser",
    ),
    (
        "market_value",
        r"valued at|market value|market capitali[sz]ation|valuation|shares|stocks?|assets"
        r"|actifs?|portfolio|capitalisation",
    ),
    ("growth", r"econom(?:y|ies)|GDP|PIB|économies?|croissance|croître|grow(?:th)?"),
    (
        "sales",
        r"sales?|sold|sells?|selling|orders?|ordered|commandes?|deliver\w*|livr\w*|ventes?"
        r"|vend\w*|contracts?|contrats?",
    ),
    ("price", r"pric(?:e|ed|es)|an hour|per hour|prix|coût\w*|costs?"),
    (
        "participants",
        r"take part|taking part|took part|participa\w*|particip\w*|delegation|délégation"
        r"|mission|exhibit\w*|joined|join|attend\w*|signed up|inscrit\w*",
    ),
    ("consumers", r"consumers?|shoppers?|consommateurs?|customers?|users?|clients?"),
)
# Kinds that the unit says by itself.
UNIT_KINDS = {
    "jobs": "jobs",
    "consumers": "consumers",
    "shoppers": "consumers",
    "customers": "consumers",
    "users": "consumers",
    "stores": "offices",
    "offices": "offices",
    "plants": "offices",
    "products": "products",
    "rank": "rank",
}
EMPLOYING = re.compile(r"\bemploy\w*|workforce|staff|emploie\w*|compte\w*|effectifs?", re.I)
HIRING = re.compile(r"\bhir\w*|lay(?:s|ing)? off|laid off|cut\w*|supprim\w*|créer|create\w*", re.I)
