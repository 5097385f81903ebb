"""Words whose meaning a comparison of a claim and a sentence reads: number words, negators, opposites,
and words and names that stand for one another. English only; plain data, no code beyond lookups.

Written for news text by kind of word, not from any example: the opposites are the axes news reports
move along (up or down, won or lost, accepted or refused, praised or criticised, convicted or acquitted).
"""

from __future__ import annotations

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
# Words that are a number on their own ("a dozen", "scored once", "twice").
COUNT_WORDS = {"dozen": 12, "once": 1, "twice": 2, "thrice": 3, "couple": 2}
# Parts of a whole, by their denominator: "a third of", "two-thirds", "one-quarter", "half of".
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
             "fifths": 5, "tenth": 10, "tenths": 10}
# Words that bound a number from below or from above: "more than 1,200" is not "less than 1,200".
LOWER_BOUNDS = ("more than", "over", "at least", "above", "upwards of", "in excess of", "greater than",
                "no fewer than", "no less than", "exceeding")
UPPER_BOUNDS = ("less than", "fewer than", "under", "at most", "below", "up to", "nearly", "almost",
                "no more than", "as many as", "just under")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30, "fiftieth": 50, "hundredth": 100}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
          "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
# Written right after the digits: "$12.9bn", "£71.6million", "$449K", "$300M".
SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9,
                 "tn": 1e12, "trillion": 1e12}
CURRENCY_SIGNS = {"$": "$", "£": "£", "€": "€", "¥": "¥", "₹": "rs"}
CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "pound": "£", "pounds": "£", "euro": "€", "euros": "€",
                  "rs": "rs", "rupee": "rs", "rupees": "rs", "yen": "¥", "yuan": "yuan", "usd": "$"}
PERCENT_WORDS = {"percent", "pc", "%"}
# Units a number measures in: "10 inches" is not "10 airbags", "5 miles" is not "5 hours".
MEASURE_UNITS = {"inch", "inches", "mile", "miles", "km", "kilometer", "kilometers", "kilometre", "kilometres",
                 "meter", "meters", "metre", "metres", "foot", "feet", "yard", "yards", "kg", "kilogram",
                 "kilograms", "ton", "tons", "tonne", "tonnes", "gram", "grams", "hour", "hours", "minute", "minutes",
                 "day", "days", "week", "weeks", "month", "months", "acre", "acres", "gallon", "gallons", "liter",
                 "liters", "litre", "litres", "mph", "degree", "degrees"}
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
          "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
          "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# A negator reverses what follows it, up to NEGATION_REACH words or the end of the clause.
NEGATORS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "cannot",
            "unlikely", "unable"}
# Verbs that negate the verb after "to": "refused to release", "failed to fulfil".
NEGATING_VERBS = {"refuse", "refuses", "refused", "refusing", "fail", "fails", "failed", "failing", "decline",
                  "declines", "declined", "declining"}
NEGATION_REACH = 4
# Prefixes that negate the word they are written on ("disagreed", "unstable", "nonprofit" against "profit" is
# not one: the rest must be a word of the other side), and words that only look so ("discover", "unite").
NEGATING_PREFIXES = ("un", "dis", "non")
NOT_PREFIXED = {"discover", "discovered", "discovery", "dispatch", "dispatched", "display", "displayed", "dismiss",
                "dismissed", "discount", "discounts", "discuss", "discussed", "discussion", "disease", "diseases",
                "distance", "distant", "district", "distribute", "distributed", "dispute", "disputed", "disaster",
                "discipline", "disclose", "disclosed", "unite", "united", "union", "unions", "unit", "units",
                "universe", "university", "unique", "under", "until", "unless", "uncle", "unveil", "unveiled",
                "none", "nonetheless"}

# Axes of opposites: on each, words of one side (+1) and of the other (-1). A claim and a sentence differ in
# direction when both have words on an axis and no side in common. Several words may be one phrase ("short of").
_AXES: dict[str, tuple[str, str]] = {
    "amount": ("rise rises rose risen rising increase increases increased increasing grow grows grew grown "
               "growing gain gains gained gaining up higher jump jumps jumped climb climbs climbed surge surged "
               "surges soar soared rally rallied rallies boost boosted expand expanded more",
               "fall falls fell fallen falling decrease decreases decreased decreasing decline declines declined "
               "shrink shrinks shrank shrunk shrinking lose_value down lower drop drops dropped plunge plunged "
               "plunges slump slumped slumps slide slid sink sank tumble tumbled contract contracted less fewer "
               "dip dipped slip slips slipped reduce reduces reduced reducing"),
    "outcome": ("win wins won winning victory success successful succeed succeeded triumph working beat beats "
                "beating topped top tops exceed exceeded exceeds surpass surpassed",
                "lose loses lost losing defeat defeated failure fail failed flop disaster miss missed misses "
                "missing short_of trail trailed"),
    "assent": ("accept accepts accepted accepting agree agrees agreed approve approves approved confirm confirms "
               "confirmed confirming admit admits admitted admitting acknowledge acknowledged welcome welcomes "
               "welcomed back backs backed support supports supported supporting endorse endorsed true accurate "
               "correct blame blamed blames accuse accused",
               "reject rejects rejected rejecting refuse refused deny denies denied denying dismiss dismisses "
               "dismissed decline declined oppose opposes opposed false untrue inaccurate wrong doubt doubts "
               "cast_doubt undermine undermined contradict contradicted ruled_out rule_out rules_out"),
    "praise": ("praise praises praised praising thank thanks thanked thanking commend commended hail hailed laud "
               "lauded applaud applauded welcome welcomed gratitude grateful appreciation appreciate appreciated "
               "defend defends defended defending",
               "criticise criticised criticises criticize criticized criticizes criticism condemn condemns "
               "condemned denounce denounced denounces slam slammed rebuke rebuked"),
    "verdict": ("convict convicts convicted convicting conviction guilty",
                "acquit acquits acquitted acquitting acquittal innocent"),
    "permit": ("allow allows allowed allowing permit permits permitted let lift lifted",
               "ban bans banned banning block blocks blocked prevent prevents prevented bar barred forbid "
               "forbids forbade forbidden prohibit prohibited stop stopped"),
    "presence": ("withdraw withdraws withdrew withdrawn withdrawal pull pulled remove removed removal leave "
                 "leaves left exit",
                 "send sends sent deploy deploys deployed deployment add adds added reinforce reinforced"),
    "price": ("premium", "discount"),
    "rank": ("most best biggest largest highest greatest richest strongest top",
             "least worst smallest lowest poorest weakest bottom"),
    "clean": ("clean cleaner cleanest pure purest", "polluted dirty dirtier dirtiest filthy filthiest"),
    "gain": ("gain gains profit profits surplus", "loss losses deficit"),
    "sex": ("man men male males boy boys father fathers son sons husband brother brothers king",
            "woman women female females girl girls mother mothers daughter daughters wife sister sisters queen"),
    "size": ("larger bigger wider enlarge enlarged expand expanded", "smaller narrower shrink shrinks shrank "
             "shrunk shrinking"),
    "age": ("older oldest elder eldest", "younger youngest"),
    "heat": ("warm warmer warmest warmed hot hotter hottest heat heated", "cold colder coldest cool cooler "
             "cooled cooling chilled"),
    "quality": ("improve improves improved improving improvement better", "worsen worsens worsened worsening "
                "worse deteriorate deteriorated deteriorating"),
    "pursuit": ("reopen reopens reopened reopening resume resumes resumed revive revived go_ahead went_ahead "
                "goes_ahead pressed_ahead became_final",
                "drop drops dropped abandon abandons abandoned shelve shelved discontinue discontinued scrap "
                "scrapped called_off call_off calls_off cancel cancels cancelled canceled"),
    "share": ("all every majority", "few minority"),
    "northsouth": ("north northern northward", "south southern southward"),
    "eastwest": ("east eastern eastward", "west western westward"),
    "role": ("attacker attackers assailant assailants gunman gunmen perpetrator perpetrators killer attacker's",
             "victim victims victim's"),
}
OPPOSITES: dict[str, list[tuple[str, int]]] = {}
for _axis, (_plus, _minus) in _AXES.items():
    for _sign, _words in ((1, _plus), (-1, _minus)):
        for _word in _words.split():
            OPPOSITES.setdefault(_word.replace("_", " "), []).append((_axis, _sign))
PHRASE_OPPOSITES = {w for w in OPPOSITES if " " in w}

# Words that stand for one another in news prose (each group one meaning). Matched by their first five letters,
# as trace matches words, so one form per word is enough.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("aid", "assistance", "help", "support"),
    ("freeze", "frozen", "suspend", "suspension", "halt"),
    ("capture", "arrest", "apprehend", "detain", "seize", "nab"),
    ("handed", "extradite", "transfer", "deliver"),
    ("kill", "slay", "slain"),
    ("suspect", "accused", "mastermind", "militant"),
    ("bombing", "attack", "blast", "explosion"),
    ("seize", "hijack", "commandeer"),
    ("passenger", "traveller", "traveler", "rider"),
    ("say", "said", "state", "told", "tell"),
    ("speech", "address", "remarks"),
    ("buy", "purchase", "acquire", "bought"),
    ("sell", "sold"),
    ("reveal", "unveil", "debut", "introduce"),
    ("start", "begin", "began", "launch"),
    ("end", "terminate", "finish"),
    ("big", "large", "huge"),
    ("small", "tiny"),
    ("car", "vehicle", "automobile"),
    ("firm", "company", "business"),
    ("lawmaker", "legislator", "congress"),
    ("fine", "penalty"),
    ("probe", "investigate", "investigation", "inquiry"),
    ("jail", "prison"),
    ("die", "died", "death", "dead", "fatal"),
    ("injure", "injured", "wound", "hurt"),
    ("quit", "resign"),
    ("rescue", "save", "bailout"),
    ("study", "research", "paper"),
    ("rule", "ruling", "decision", "verdict"),
    ("campaign", "effort"),
    ("budget", "spending"),
    ("worker", "employee", "staff"),
)
# Names that stand for one another: a country, its short forms, its people and its capital (the capital as
# newsrooms use it for the government: "Washington froze aid to Islamabad").
PLACES: tuple[tuple[str, ...], ...] = (
    ("united states", "u.s.", "us", "usa", "america", "american", "americans", "washington"),
    ("united kingdom", "u.k.", "uk", "britain", "british", "london"),
    ("pakistan", "pakistani", "pakistanis", "islamabad"),
    ("india", "indian", "indians", "new delhi"),
    ("china", "chinese", "beijing", "prc"),
    ("russia", "russian", "russians", "moscow", "kremlin"),
    ("afghanistan", "afghan", "afghans", "kabul"),
    ("iran", "iranian", "iranians", "tehran"),
    ("iraq", "iraqi", "iraqis", "baghdad"),
    ("syria", "syrian", "syrians", "damascus"),
    ("israel", "israeli", "israelis"),
    ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    ("france", "french", "paris"),
    ("germany", "german", "germans", "berlin"),
    ("japan", "japanese", "tokyo"),
    ("turkey", "turkish", "ankara"),
    ("saudi arabia", "saudi", "saudis", "riyadh"),
    ("european union", "eu", "brussels"),
    ("united nations", "un"),
    ("north korea", "north korean", "pyongyang"),
    ("south korea", "south korean", "seoul"),
    ("australia", "australian", "canberra"),
    ("canada", "canadian", "ottawa"),
    ("mexico", "mexican"),
    ("spain", "spanish", "madrid"),
    ("italy", "italian", "rome"),
    ("nigeria", "nigerian", "abuja"),
    ("egypt", "egyptian", "cairo"),
)
