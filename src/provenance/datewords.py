"""Dates as the readers write them: month names and the patterns of a written date.

A leaf module: textmeta and htmlmeta import it, and it imports nothing of provenance.
"""

from __future__ import annotations

import re

MONTH = ("January|February|March|April|May|June|July|August|September|October|November|December|"
         "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTH})\.?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"),
]
MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], 1) for name in names}
# Month and weekday names as one regex alternation (attribution's rules: a name that is a month or a day
# is when, not who).
MONTH_AND_DAY_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December|"
                       "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
# The same as a set of lower-case words, with the short month names (source_kinds).
MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# Short month names of German, Dutch and French dates ("12. Okt 2024", "3 déc. 2024").
GERMANIC_MONTHS = {"jan": 1, "jän": 1, "feb": 2, "mär": 3, "mar": 3, "apr": 4, "mai": 5, "may": 5, "jun": 6,
                   "jul": 7, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dez": 12, "dec": 12,
                   "déc": 12, "fév": 2, "avr": 4, "jui": 7, "aoû": 8}
