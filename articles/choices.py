"""Choices that the models, querysets and pages share."""

from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Basis(models.TextChoices):
    """How a value is known."""

    STATED = "stated", "Stated in the text"
    EXTERNAL = "external", "Established externally"
    INFERRED = "inferred", "Inferred"


class HeadlineBasis(models.TextChoices):
    STATED = "stated", "Stated in the text"
    EXTERNAL = "external", "Established externally"
    SUPPLIED = "supplied", "Supplied by the archive"


class RoleKind(models.TextChoices):
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    HEAD_OF_STATE = "head_of_state", "Head of state"
    PREMIER = "premier", "Premier"
    MINISTER = "minister", "Minister"
    FOUNDER = "founder", "Founder"
    CHAIR = "chair", "Chair"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    PRESIDENT = "president", "President"
    EXECUTIVE = "executive", "Executive"
    OFFICIAL = "official", "Official"
    JOURNALIST = "journalist", "Journalist"
    PHOTOGRAPHER = "photographer", "Photographer"
    EDITOR = "editor", "Editor"
    ENTERTAINER = "entertainer", "Entertainer"
    OTHER = "other", "Other"


LEADERSHIP_KINDS = (
    RoleKind.HEAD_OF_GOVERNMENT,
    RoleKind.HEAD_OF_STATE,
    RoleKind.PREMIER,
    RoleKind.FOUNDER,
    RoleKind.CHAIR,
    RoleKind.CHIEF_EXECUTIVE,
    RoleKind.PRESIDENT,
)


class FactStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class PlaceKind(models.TextChoices):
    CONTINENT = "continent", "Continent"
    COUNTRY = "country", "Country"
    PROVINCE = "province", "Province or state"
    CITY = "city", "City"
    REGION = "region", "Region"
    VENUE = "venue", "Venue"


class OrganisationKind(models.TextChoices):
    COMPANY = "company", "Company"
    PLATFORM = "platform", "Online platform"
    GOVERNMENT = "government", "Government"
    AGENCY = "agency", "Government agency or office"
    MEDIA = "media", "News organisation"
    EXCHANGE = "exchange", "Stock exchange"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental forum"
    UNIVERSITY = "university", "University"
    OTHER = "other", "Other"


class InitiativeKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement"
    DECLARATION = "declaration", "Declaration"
    MOU = "mou", "Memorandum of understanding"
    PROGRAMME = "programme", "Programme"
    TRADE_MISSION = "trade_mission", "Trade mission"
    PLAN = "plan", "Plan"
    PLATFORM = "platform", "Platform or store"
    OTHER = "other", "Other"


class EventKind(models.TextChoices):
    VISIT = "visit", "Visit"
    MEETING = "meeting", "Meeting"
    CEREMONY = "ceremony", "Ceremony"
    CONFERENCE = "conference", "Conference"
    INTERVIEW = "interview", "Interview"
    SUMMIT = "summit", "Summit"
    TRADE_MISSION = "trade_mission", "Trade mission"
    LISTING = "listing", "Stock market listing"
    SALES_DAY = "sales_day", "Sales day"
    OTHER = "other", "Other"


class FactKind(models.TextChoices):
    SALES = "sales", "Sales"
    SALES_TARGET = "sales_target", "Sales target"
    EXPORTS = "exports", "Exports"
    CAPITAL_RAISED = "capital_raised", "Capital raised"
    CONSUMERS = "consumers", "Consumers and shoppers"
    EMPLOYEES = "employees", "Employees"
    JOBS = "jobs", "Jobs"
    OFFICES = "offices", "Offices"
    PARTICIPANTS = "participants", "Participants"
    PRODUCTS = "products", "Products"
    VISITS = "visits", "Visits"
    IMPORTS = "imports", "Imports"
    TRADE = "trade", "Trade (two-way, balance)"
    INVESTMENT = "investment", "Investment and spending"
    REVENUE = "revenue", "Revenue"
    PROFIT = "profit", "Profit"
    MARKET_VALUE = "market_value", "Market value and assets"
    TARIFF = "tariff", "Tariff or duty"
    GROWTH = "growth", "Economic growth"
    PRICE = "price", "Price"
    RANK = "rank", "Rank"
    DURATION = "duration", "Duration"
    AGE = "age", "Age"
    OTHER = "other", "Other"


# Figures about trade and business; the others (a duration, an age, a rank, a visit count,
# a population) are kept with their kind and shown apart (/facts/?figures=other).
NON_TRADE_KINDS = (
    FactKind.VISITS,
    FactKind.RANK,
    FactKind.DURATION,
    FactKind.AGE,
    FactKind.OTHER,
)


class FactQualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    MORE_THAN = "more_than", "More than"
    ABOUT = "about", "About"
    UP_TO = "up_to", "Up to"
    TARGET = "target", "Target"


# The records an entity link (alias, mention) may point at, one foreign key each.
RECORD_FIELDS = ("person", "organisation", "place", "initiative", "event")


def record_set(values: dict, suffix: str = "") -> tuple[str, object] | None:
    """Which record a link names: (field, value) of the one of RECORD_FIELDS set in `values`
    (a row from .values(), or an instance's __dict__ with suffix "_id"); None if none is."""
    for field in RECORD_FIELDS:
        value = values.get(f"{field}{suffix}")
        if value:
            return field, value
    return None
