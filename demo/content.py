"""The people and places of the demo programme: plain data, no Django.

Names and places are invented; streets exist in the cities named but the numbers and
the provider are fictitious.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEMO_PASSWORD = "reintegra-demo"  # noqa: S105 - published demo login, never a real account


@dataclass(frozen=True)
class SiteSpec:
    code: str
    name: str
    city: str
    address: str
    #: the trade taught in this site's workshop (Lehrwerkstatt)
    trade: str
    #: trades of nearby sites that participants counselled here also attend
    neighbour_trades: tuple[str, ...]
    #: how many demo participants are counselled here
    participants: int


SITES = [
    SiteSpec("muc", "Reintegra München", "München", "Landsberger Straße 302, 80687 München",
             "electrical", ("sewing",), 16),
    SiteSpec("nue", "Reintegra Nürnberg", "Nürnberg", "Fürther Straße 212, 90429 Nürnberg",
             "metal", ("painting", "cooking"), 13),
    SiteSpec("aug", "Reintegra Augsburg", "Augsburg", "Haunstetter Straße 49, 86161 Augsburg",
             "sewing", ("electrical",), 11),
    SiteSpec("rgb", "Reintegra Regensburg", "Regensburg", "Im Gewerbepark D 50, 93059 Regensburg",
             "painting", ("metal",), 10),
    SiteSpec("wue", "Reintegra Würzburg", "Würzburg", "Nürnberger Straße 119, 97076 Würzburg",
             "cooking", ("metal",), 12),
]


@dataclass(frozen=True)
class TradeTimetable:
    """How the workshop of a trade meets: weekdays (0 = Monday) and daily hours."""

    site: str
    instructor: str
    weekdays: tuple[int, ...]
    starts_at: dt.time
    ends_at: dt.time

    @property
    def hours_per_day(self) -> int:
        start = dt.datetime.combine(dt.date.min, self.starts_at)
        end = dt.datetime.combine(dt.date.min, self.ends_at)
        return int((end - start).total_seconds() // 3600)


MON_THU = (0, 1, 2, 3)
MON_FRI = (0, 1, 2, 3, 4)

TIMETABLES = {
    "sewing": TradeTimetable("aug", "ausbilder.naehen", MON_THU, dt.time(8, 30), dt.time(14, 30)),
    "cooking": TradeTimetable("wue", "ausbilder.kochen", MON_THU, dt.time(8, 30), dt.time(14, 30)),
    "metal": TradeTimetable("nue", "ausbilder.metall", MON_FRI, dt.time(7, 30), dt.time(13, 30)),
    "electrical": TradeTimetable("muc", "ausbilder.elektro", MON_THU, dt.time(8, 0), dt.time(14, 0)),
    "painting": TradeTimetable("rgb", "ausbilder.maler", MON_FRI, dt.time(7, 30), dt.time(13, 30)),
}

#: Module codes of each trade in teaching order; a plan is an ordered selection.
TRADE_MODULES = {
    "sewing": ["SEW-101", "SEW-102", "SEW-201", "SEW-202"],
    "cooking": ["COO-101", "COO-102", "COO-201", "COO-202"],
    "metal": ["MET-101", "MET-102", "MET-201", "MET-202"],
    "electrical": ["ELE-101", "ELE-102", "ELE-201", "ELE-202"],
    "painting": ["PAI-101", "PAI-102", "PAI-201", "PAI-202"],
}

#: Plans counsellors typically agree, per trade (each respects the prerequisites).
PLAN_CHOICES = {
    "sewing": [["SEW-101", "SEW-102", "SEW-201"], ["SEW-101", "SEW-202"],
               ["SEW-101", "SEW-102", "SEW-201", "SEW-202"]],
    "cooking": [["COO-101", "COO-102"], ["COO-101", "COO-102", "COO-202"], ["COO-101", "COO-201"],
                ["COO-101", "COO-102", "COO-201"]],
    "metal": [["MET-101", "MET-201"], ["MET-101", "MET-102", "MET-201"],
              ["MET-101", "MET-102", "MET-201", "MET-202"]],
    "electrical": [["ELE-101", "ELE-102", "ELE-201"], ["ELE-101", "ELE-102", "ELE-201", "ELE-202"],
                   ["ELE-101", "ELE-102"]],
    "painting": [["PAI-101", "PAI-102"], ["PAI-101", "PAI-102", "PAI-201"], ["PAI-101", "PAI-202"],
                 ["PAI-101", "PAI-102", "PAI-201", "PAI-202"]],
}


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    site: str | None = None
    is_staff: bool = False


STAFF = [
    StaffSpec("manager", "Sabine", "Hofmann", "manager", None, is_staff=True),
    StaffSpec("berater.muenchen", "Tobias", "Lechner", "counsellor", "muc"),
    StaffSpec("berater.nuernberg", "Aylin", "Öztürk", "counsellor", "nue"),
    StaffSpec("berater.augsburg", "Katharina", "Brandl", "counsellor", "aug"),
    StaffSpec("berater.regensburg", "Samir", "Haddad", "counsellor", "rgb"),
    StaffSpec("berater.wuerzburg", "Julia", "Reinhardt", "counsellor", "wue"),
    StaffSpec("ausbilder.naehen", "Elena", "Popescu", "instructor", "aug"),
    StaffSpec("ausbilder.kochen", "Stefan", "Huber", "instructor", "wue"),
    StaffSpec("ausbilder.metall", "Josef", "Wimmer", "instructor", "nue"),
    StaffSpec("ausbilder.elektro", "Andreas", "Kraus", "instructor", "muc"),
    StaffSpec("ausbilder.maler", "Milan", "Petrović", "instructor", "rgb"),
    StaffSpec("foerderer", "Birgit", "Schreiner", "funder"),
    StaffSpec("datenschutz", "Thomas", "Engel", "dpo"),
]


@dataclass(frozen=True)
class CountrySpec:
    code: str
    #: how many demo participants come from this country
    participants: int
    male_names: tuple[str, ...]
    female_names: tuple[str, ...]
    family_names: tuple[str, ...]
    #: language sets spoken (ISO 639, from languages.codes.PROGRAMME_LANGUAGES)
    languages: tuple[tuple[str, ...], ...]
    #: cities people return to, for the counsellor's notes
    cities: tuple[str, ...]


COUNTRIES = [
    CountrySpec("IQ", 8,
                ("Ali", "Hussein", "Omar", "Ahmed", "Karwan", "Dilshad", "Mustafa", "Haider"),
                ("Zainab", "Noor", "Shilan", "Ruqaya"),
                ("Al-Jubouri", "Kareem", "Al-Obaidi", "Saleh", "Aziz", "Rasul", "Hamad", "Mahmoud"),
                (("ar",), ("ckb", "ar"), ("kmr", "ar")),
                ("Erbil", "Duhok", "Bagdad", "Mossul", "Sulaimaniyya")),
    CountrySpec("AF", 7,
                ("Ahmad", "Mohammad", "Farid", "Hamid", "Jawad", "Naweed", "Sayed"),
                ("Fatima", "Mariam", "Nargis", "Zahra"),
                ("Rahimi", "Karimi", "Noori", "Sultani", "Popal", "Hakimi", "Yousufi", "Sadat"),
                (("prs", "fa"), ("ps", "prs"), ("prs",)),
                ("Kabul", "Herat", "Masar-e Scharif")),
    CountrySpec("GE", 6,
                ("Giorgi", "Levan", "Davit", "Irakli", "Zurab"),
                ("Nino", "Tamar", "Ketevan"),
                ("Beridze", "Kapanadze", "Gelashvili", "Tsiklauri", "Lomidze", "Maisuradze"),
                (("ka", "ru"), ("ka",)),
                ("Tiflis", "Kutaissi", "Batumi")),
    CountrySpec("TR", 6,
                ("Mehmet", "Emre", "Hasan", "Serkan", "Rojhat", "Murat"),
                ("Ayşe", "Zeynep", "Fatma"),
                ("Yılmaz", "Demir", "Kaya", "Aydın", "Ekinci", "Çelik", "Arslan"),
                (("tr",), ("kmr", "tr")),
                ("Diyarbakır", "Gaziantep", "Van", "Adana")),
    CountrySpec("NG", 6,
                ("Chinedu", "Emeka", "Oluwaseun", "Ibrahim", "Tunde", "Uche"),
                ("Blessing", "Ngozi", "Aisha", "Funmilayo"),
                ("Okafor", "Nwosu", "Adeyemi", "Musa", "Balogun", "Okonkwo", "Eze", "Bello"),
                (("en", "ig"), ("en", "yo"), ("en", "ha")),
                ("Lagos", "Benin City", "Abuja", "Enugu")),
    CountrySpec("IR", 4,
                ("Reza", "Amir", "Mehdi", "Saeed"),
                ("Maryam", "Shirin", "Leila"),
                ("Hosseini", "Rezaei", "Moradi", "Jafari", "Sadeghi"),
                (("fa",), ("fa", "en")),
                ("Teheran", "Schiras", "Täbris")),
    CountrySpec("SY", 3,
                ("Khaled", "Rami", "Yusuf", "Mahmoud"),
                ("Rasha", "Lina", "Amal"),
                ("Al-Hassan", "Haddad", "Al-Khatib", "Darwish", "Suleiman"),
                (("ar",), ("kmr", "ar")),
                ("Aleppo", "Damaskus", "Qamischli")),
    CountrySpec("SN", 4,
                ("Mamadou", "Cheikh", "Ousmane", "Abdoulaye", "Moussa"),
                ("Awa", "Fatou"),
                ("Diallo", "Ndiaye", "Sow", "Fall", "Diop", "Sarr"),
                (("wo", "fr"),),
                ("Dakar", "Thiès", "Saint-Louis")),
    CountrySpec("GM", 3,
                ("Lamin", "Ebrima", "Modou", "Alieu"),
                ("Isatou", "Fatoumata"),
                ("Jallow", "Ceesay", "Njie", "Touray", "Bah"),
                (("en", "wo"),),
                ("Serekunda", "Banjul", "Brikama")),
    CountrySpec("AM", 3,
                ("Armen", "Hayk", "Tigran"),
                ("Anahit", "Lilit"),
                ("Petrosyan", "Grigoryan", "Sargsyan", "Hakobyan"),
                (("ru",),),
                ("Jerewan", "Gjumri")),
    CountrySpec("AZ", 3,
                ("Elnur", "Rashad", "Tural"),
                ("Günel", "Aynur"),
                ("Mammadov", "Huseynov", "Guliyev", "Hasanov"),
                (("ru", "tr"),),
                ("Baku", "Gandscha")),
    CountrySpec("RU", 3,
                ("Ruslan", "Aslan", "Zelimkhan"),
                ("Madina", "Kheda"),
                ("Isaev", "Magomadov", "Khadzhiev", "Saidov"),
                (("ru",),),
                ("Grosny", "Machatschkala")),
    CountrySpec("AL", 3,
                ("Arben", "Besnik", "Dritan"),
                ("Elira", "Blerta"),
                ("Hoxha", "Shehu", "Dervishi", "Kola"),
                (("sq",), ("sq", "en")),
                ("Tirana", "Shkodra", "Elbasan")),
    CountrySpec("ET", 2,
                ("Dawit", "Yohannes", "Abebe"),
                ("Meron", "Hiwot"),
                ("Tesfaye", "Bekele", "Girma", "Alemu"),
                (("am",), ("am", "en")),
                ("Addis Abeba", "Bahir Dar")),
    CountrySpec("ER", 1,
                ("Yonas", "Kidane", "Tesfalem"),
                ("Senait", "Helen"),
                ("Berhane", "Habte", "Woldu", "Ghebremedhin"),
                (("ti", "ar"),),
                ("Asmara", "Keren")),
]

#: (occupation, typical years) of earlier work, by the trade the person chose
OCCUPATIONS = {
    "sewing": ["Näherin in einer Textilfabrik", "Schneider im Familienbetrieb", "Verkauf von Stoffen auf dem Markt"],
    "cooking": ["Küchenhilfe in einem Restaurant", "Koch in einem Imbiss", "Bäcker (angelernt)"],
    "metal": ["Helfer in einer Schlosserei", "Kfz-Mechaniker (angelernt)", "Schweißer ohne Abschluss"],
    "electrical": ["Elektrikerhelfer", "Reparatur von Mobiltelefonen", "Helfer in einem Installationsbetrieb"],
    "painting": ["Malerhelfer", "Fliesenleger (angelernt)", "Helfer auf dem Bau"],
}
GENERAL_OCCUPATIONS = [
    "Landwirtschaft im Familienbetrieb", "Lagerhelfer (in Deutschland)", "Reinigungskraft (in Deutschland)",
    "Taxifahrer", "Verkäufer im Lebensmittelhandel", "Helfer in der Gastronomie (in Deutschland)",
]
SKILLS = {
    "sewing": ["Nähen an der Haushaltsnähmaschine", "Maßnehmen und Zuschnitt"],
    "cooking": ["Zubereitung traditioneller Gerichte", "Küchenhygiene"],
    "metal": ["Umgang mit Handwerkzeug", "Schweißen"],
    "electrical": ["Grundkenntnisse Elektrik", "Umgang mit Messgeräten"],
    "painting": ["Streichen mit Rolle und Pinsel", "Umgang mit Handwerkzeug"],
}
GOALS = {
    "sewing": "eine eigene Änderungsschneiderei in {city} eröffnen",
    "cooking": "einen Imbiss oder Cateringbetrieb in {city} gründen",
    "metal": "in einer Schlosserei in {city} arbeiten und später eine eigene Werkstatt aufbauen",
    "electrical": "in {city} als Elektroinstallateur arbeiten und kleine Solaranlagen einrichten",
    "painting": "mit Verwandten in {city} einen Malerbetrieb aufbauen",
}
HEALTH_NOTES = [
    "Rückenbeschwerden: keine schweren Lasten über 15 kg.",
    "Diabetes Typ 2: feste Pausenzeiten für Mahlzeiten.",
    "Eingeschränktes Hörvermögen links: Platz in der ersten Reihe.",
]
NEEDS_NOTES = [
    "Termine wegen Behördengängen möglichst nicht freitags.",
    "Braucht ein Monatsticket für die Anfahrt zum Lehrwerkstattstandort.",
    "Wünscht Unterlagen zusätzlich in der Herkunftssprache.",
]

REASON_POSTPONED = [
    "Passersatzpapiere der Botschaft liegen noch nicht vor; ein neuer Reisetermin wird vereinbart.",
    "Flug wegen einer Operation eines Familienangehörigen in Deutschland verschoben.",
]
REASON_WITHDRAWN = [
    "Hat sich nach Rücksprache mit der Familie gegen die Rückkehr entschieden.",
    "Rückkehr abgesagt: Die Sicherheitslage in der Herkunftsregion hat sich verschlechtert.",
]
REASON_STAYS = [
    "Aufenthaltserlaubnis zur Beschäftigung erteilt; bleibt beim bisherigen Arbeitgeber in Bayern.",
    "Eheschließung in Deutschland; eine Rückkehr ist nicht mehr geplant.",
]

#: Language of instruction tried first for people from each country (interpreters the
#: provider can book); German is used for those who speak it well.
INSTRUCTION_LANGUAGES = {
    "IQ": ("ar", "ckb"), "AF": ("prs", "ps"), "GE": ("ru", "ka"), "TR": ("tr",), "NG": ("en",),
    "IR": ("fa",), "SY": ("ar",), "SN": ("fr",), "GM": ("en",), "AM": ("ru",), "AZ": ("ru",),
    "RU": ("ru",), "AL": ("sq",), "ET": ("am",), "ER": ("ti",),
}


@dataclass(frozen=True)
class FundingLineSpec:
    funder_code: str
    funder_name: str
    funder_kind: str
    project_number: str
    name: str
    share_percent: str


PROJECT_NAME = "Reintegrationscoaching mit individueller Qualifizierung"
#: the federal line pays for most people and sessions; the state line for every third person and painting
FUNDING_LINES = [
    FundingLineSpec(
        "bund-rueckkehr", "Bundesprogramm Perspektive Heimat (über die Durchführungsorganisation)", "federal",
        "81-2026-RQ-0147", "Reintegrationscoaching – Bundesanteil", "60.00",
    ),
    FundingLineSpec(
        "lfar-bayern", "Bayerisches Landesamt für Asyl und Rückführungen", "state",
        "LfAR-RF-2026-031", "Rückkehrförderung Bayern – Landesanteil", "30.00",
    ),
    FundingLineSpec(
        "amif", "Asyl-, Migrations- und Integrationsfonds (EU)", "eu",
        "AMIF-2026-BY-0912", "AMIF – Kofinanzierung", "10.00",
    ),
]
