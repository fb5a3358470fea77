"""The project's place table: towns -> municipality -> county/region, with a point for each municipality.

Facts (Kartverket / SDFI registers, as in ../shared/geo: the 2024 Norwegian municipalities and the Danish
municipalities, each with its county or region and one point inside it, WGS84), plus the county names
people write: the 2024 counties, the 2020-2023 counties and the pre-2020 ones (Vest-Agder, Hordaland,
Sør-Trøndelag, ...) and the Danish regions with or without "Region".  Used by the ingest to turn a
spreadsheet's words into codes; never to guess: a name that fits two places is reported, not chosen.

A cluster is placed at its municipality's point (the point the demo data uses for its towns), never at a
county centre.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from clusterviz.data import geo

# code -> (country, name, county/region code 2024, lat, lon).  Names with a Sami form keep both
# ("Harstad - Hárstták"); each part is a name the table answers to.
MUNICIPALITIES: dict[str, tuple[str, str, str, float, float]] = {
    "0301": ("NO", "Oslo", "03", 59.9677, 10.7794),
    "1101": ("NO", "Eigersund", "11", 58.5071, 6.0726),
    "1103": ("NO", "Stavanger", "11", 58.947, 5.6928),
    "1106": ("NO", "Haugesund", "11", 59.4391, 5.2952),
    "1108": ("NO", "Sandnes", "11", 59.0197, 6.5938),
    "1111": ("NO", "Sokndal", "11", 58.3795, 6.3262),
    "1112": ("NO", "Lund", "11", 58.4673, 6.4528),
    "1114": ("NO", "Bjerkreim", "11", 58.6558, 6.1585),
    "1119": ("NO", "Hå", "11", 58.5893, 5.7658),
    "1120": ("NO", "Klepp", "11", 58.7592, 5.5888),
    "1121": ("NO", "Time", "11", 58.7058, 5.746),
    "1122": ("NO", "Gjesdal", "11", 58.8292, 6.2771),
    "1124": ("NO", "Sola", "11", 58.8842, 5.6437),
    "1127": ("NO", "Randaberg", "11", 59.0051, 5.6101),
    "1130": ("NO", "Strand", "11", 59.0219, 6.1248),
    "1133": ("NO", "Hjelmeland", "11", 59.2055, 6.4661),
    "1134": ("NO", "Suldal", "11", 59.5438, 6.7113),
    "1135": ("NO", "Sauda", "11", 59.7107, 6.462),
    "1144": ("NO", "Kvitsøy", "11", 59.0652, 5.4067),
    "1145": ("NO", "Bokn", "11", 59.2126, 5.4203),
    "1146": ("NO", "Tysvær", "11", 59.3859, 5.5455),
    "1149": ("NO", "Karmøy", "11", 59.2802, 5.2588),
    "1151": ("NO", "Utsira", "11", 59.3034, 4.8861),
    "1160": ("NO", "Vindafjord", "11", 59.5468, 5.8438),
    "1505": ("NO", "Kristiansund", "15", 63.0614, 7.803),
    "1506": ("NO", "Molde", "15", 62.606, 8.1314),
    "1508": ("NO", "Ålesund", "15", 62.4913, 6.8451),
    "1511": ("NO", "Vanylven", "15", 62.0837, 5.7241),
    "1514": ("NO", "Sande", "15", 62.243, 5.6245),
    "1515": ("NO", "Herøy", "15", 62.2594, 5.7332),
    "1516": ("NO", "Ulstein", "15", 62.3391, 5.8809),
    "1517": ("NO", "Hareid", "15", 62.3525, 6.0011),
    "1520": ("NO", "Ørsta", "15", 62.2404, 6.2369),
    "1525": ("NO", "Stranda", "15", 62.1665, 6.8774),
    "1528": ("NO", "Sykkylven", "15", 62.3363, 6.7098),
    "1531": ("NO", "Sula", "15", 62.4273, 6.1737),
    "1532": ("NO", "Giske", "15", 62.5641, 6.0876),
    "1535": ("NO", "Vestnes", "15", 62.5511, 6.9874),
    "1539": ("NO", "Rauma", "15", 62.4449, 7.6892),
    "1547": ("NO", "Aukra", "15", 62.816, 6.8393),
    "1554": ("NO", "Averøy", "15", 63.026, 7.4951),
    "1557": ("NO", "Gjemnes", "15", 62.8983, 7.8948),
    "1560": ("NO", "Tingvoll", "15", 62.9371, 8.2199),
    "1563": ("NO", "Sunndal", "15", 62.6317, 8.6569),
    "1566": ("NO", "Surnadal", "15", 62.9205, 8.8112),
    "1573": ("NO", "Smøla", "15", 63.3973, 7.9961),
    "1576": ("NO", "Aure", "15", 63.301, 8.7028),
    "1577": ("NO", "Volda", "15", 62.0756, 6.4929),
    "1578": ("NO", "Fjord", "15", 62.2744, 7.5334),
    "1579": ("NO", "Hustadvika", "15", 62.8803, 7.2697),
    "1580": ("NO", "Haram", "15", 62.5776, 6.358),
    "1804": ("NO", "Bodø", "18", 67.0841, 14.9677),
    "1806": ("NO", "Narvik", "18", 68.2902, 17.7473),
    "1811": ("NO", "Bindal", "18", 65.0961, 12.7799),
    "1812": ("NO", "Sømna", "18", 65.3208, 12.1695),
    "1813": ("NO", "Brønnøy", "18", 65.417, 12.7968),
    "1815": ("NO", "Vega", "18", 65.6424, 11.886),
    "1816": ("NO", "Vevelstad", "18", 65.6551, 12.8212),
    "1818": ("NO", "Herøy", "18", 65.9938, 12.3123),
    "1820": ("NO", "Alstahaug", "18", 65.9392, 12.5441),
    "1822": ("NO", "Leirfjord", "18", 66.1026, 13.0317),
    "1824": ("NO", "Vefsn", "18", 65.8224, 13.2263),
    "1825": ("NO", "Grane", "18", 65.437, 13.4071),
    "1826": ("NO", "Aarborte - Hattfjelldal", "18", 65.5019, 14.1709),
    "1827": ("NO", "Dønna", "18", 66.1183, 12.5502),
    "1828": ("NO", "Nesna", "18", 66.2296, 13.1783),
    "1832": ("NO", "Hemnes", "18", 65.9991, 14.1399),
    "1833": ("NO", "Rana", "18", 66.4391, 14.3947),
    "1834": ("NO", "Lurøy", "18", 66.4142, 13.1891),
    "1835": ("NO", "Træna", "18", 66.4975, 12.0391),
    "1836": ("NO", "Rødøy", "18", 66.5639, 13.6345),
    "1837": ("NO", "Meløy", "18", 66.7897, 13.8344),
    "1838": ("NO", "Gildeskål", "18", 66.9272, 14.097),
    "1839": ("NO", "Beiarn", "18", 66.8881, 14.6649),
    "1840": ("NO", "Saltdal", "18", 66.8881, 15.5022),
    "1841": ("NO", "Fauske - Fuossko", "18", 67.2348, 15.8736),
    "1845": ("NO", "Sørfold", "18", 67.5213, 15.893),
    "1848": ("NO", "Steigen", "18", 67.8111, 15.0785),
    "1851": ("NO", "Lødingen", "18", 68.4623, 15.7777),
    "1853": ("NO", "Evenes - Evenášši", "18", 68.5077, 16.8147),
    "1856": ("NO", "Røst", "18", 67.5211, 12.1093),
    "1857": ("NO", "Værøy", "18", 67.6646, 12.6342),
    "1859": ("NO", "Flakstad", "18", 68.0843, 13.3795),
    "1860": ("NO", "Vestvågøy", "18", 68.203, 13.7662),
    "1865": ("NO", "Vågan", "18", 68.2864, 14.5109),
    "1866": ("NO", "Hadsel", "18", 68.4013, 14.995),
    "1867": ("NO", "Bø", "18", 68.7156, 14.6227),
    "1868": ("NO", "Øksnes", "18", 68.8737, 15.1878),
    "1870": ("NO", "Sortland - Suortá", "18", 68.7462, 15.6564),
    "1871": ("NO", "Andøy", "18", 69.0978, 15.756),
    "1874": ("NO", "Moskenes", "18", 67.9371, 12.9843),
    "1875": ("NO", "Hábmer - Hamarøy", "18", 67.9017, 15.9557),
    "3101": ("NO", "Halden", "31", 59.0626, 11.5424),
    "3103": ("NO", "Moss", "31", 59.3999, 10.7278),
    "3105": ("NO", "Sarpsborg", "31", 59.2659, 11.2234),
    "3107": ("NO", "Fredrikstad", "31", 59.2255, 10.9354),
    "3110": ("NO", "Hvaler", "31", 59.055, 11.0348),
    "3112": ("NO", "Råde", "31", 59.3455, 10.8632),
    "3114": ("NO", "Våler", "31", 59.4655, 10.923),
    "3116": ("NO", "Skiptvet", "31", 59.4682, 11.1509),
    "3118": ("NO", "Indre Østfold", "31", 59.6134, 11.1814),
    "3120": ("NO", "Rakkestad", "31", 59.3706, 11.421),
    "3122": ("NO", "Marker", "31", 59.4872, 11.6459),
    "3124": ("NO", "Aremark", "31", 59.1861, 11.6857),
    "3201": ("NO", "Bærum", "32", 59.9495, 10.4919),
    "3203": ("NO", "Asker", "32", 59.7014, 10.4519),
    "3205": ("NO", "Lillestrøm", "32", 59.9175, 11.2174),
    "3207": ("NO", "Nordre Follo", "32", 59.7279, 10.8963),
    "3209": ("NO", "Ullensaker", "32", 60.1478, 11.2016),
    "3212": ("NO", "Nesodden", "32", 59.7901, 10.6535),
    "3214": ("NO", "Frogn", "32", 59.6955, 10.6889),
    "3216": ("NO", "Vestby", "32", 59.562, 10.7236),
    "3218": ("NO", "Ås", "32", 59.6755, 10.7759),
    "3220": ("NO", "Enebakk", "32", 59.7687, 11.1004),
    "3222": ("NO", "Lørenskog", "32", 59.9007, 10.9682),
    "3224": ("NO", "Rælingen", "32", 59.8911, 11.0782),
    "3226": ("NO", "Aurskog-Høland", "32", 59.806, 11.6),
    "3228": ("NO", "Nes", "32", 60.1695, 11.4545),
    "3230": ("NO", "Gjerdrum", "32", 60.0679, 11.0173),
    "3232": ("NO", "Nittedal", "32", 60.0932, 10.8473),
    "3234": ("NO", "Lunner", "32", 60.2261, 10.6632),
    "3236": ("NO", "Jevnaker", "32", 60.2851, 10.4073),
    "3238": ("NO", "Nannestad", "32", 60.2241, 10.9401),
    "3240": ("NO", "Eidsvoll", "32", 60.4187, 11.2539),
    "3242": ("NO", "Hurdal", "32", 60.4268, 10.976),
    "3301": ("NO", "Drammen", "33", 59.7019, 10.1377),
    "3303": ("NO", "Kongsberg", "33", 59.5962, 9.6685),
    "3305": ("NO", "Ringerike", "33", 60.3269, 10.0196),
    "3310": ("NO", "Hole", "33", 60.0382, 10.3106),
    "3312": ("NO", "Lier", "33", 59.8487, 10.2082),
    "3314": ("NO", "Øvre Eiker", "33", 59.744, 9.8449),
    "3316": ("NO", "Modum", "33", 59.9954, 10.042),
    "3318": ("NO", "Krødsherad", "33", 60.1971, 9.665),
    "3320": ("NO", "Flå", "33", 60.4435, 9.5427),
    "3322": ("NO", "Nesbyen", "33", 60.5508, 9.0319),
    "3324": ("NO", "Gol", "33", 60.7535, 9.0108),
    "3326": ("NO", "Hemsedal", "33", 60.9323, 8.382),
    "3328": ("NO", "Ål", "33", 60.6974, 8.504),
    "3330": ("NO", "Hol", "33", 60.6052, 8.0222),
    "3332": ("NO", "Sigdal", "33", 60.13, 9.4129),
    "3334": ("NO", "Flesberg", "33", 59.8602, 9.4438),
    "3336": ("NO", "Rollag", "33", 60.0324, 9.197),
    "3338": ("NO", "Nore og Uvdal", "33", 60.2887, 8.4157),
    "3401": ("NO", "Kongsvinger", "34", 60.1837, 12.2173),
    "3403": ("NO", "Hamar", "34", 60.9928, 11.1609),
    "3405": ("NO", "Lillehammer", "34", 61.1336, 10.4292),
    "3407": ("NO", "Gjøvik", "34", 60.8751, 10.5007),
    "3411": ("NO", "Ringsaker", "34", 60.9846, 10.8427),
    "3412": ("NO", "Løten", "34", 60.8644, 11.3746),
    "3413": ("NO", "Stange", "34", 60.6246, 11.3818),
    "3414": ("NO", "Nord-Odal", "34", 60.4356, 11.5895),
    "3415": ("NO", "Sør-Odal", "34", 60.2232, 11.7445),
    "3416": ("NO", "Eidskog", "34", 59.9941, 12.0833),
    "3417": ("NO", "Grue", "34", 60.416, 12.2197),
    "3418": ("NO", "Åsnes", "34", 60.6795, 12.1877),
    "3419": ("NO", "Våler", "34", 60.8154, 12.0169),
    "3420": ("NO", "Elverum", "34", 60.9678, 11.7383),
    "3421": ("NO", "Trysil", "34", 61.3127, 12.3718),
    "3422": ("NO", "Åmot", "34", 61.2622, 11.6062),
    "3423": ("NO", "Stor-Elvdal", "34", 61.5872, 10.9017),
    "3424": ("NO", "Rendalen", "34", 61.8123, 11.2009),
    "3425": ("NO", "Engerdal", "34", 61.9904, 11.9336),
    "3426": ("NO", "Tolga", "34", 62.3762, 11.0645),
    "3427": ("NO", "Tynset", "34", 62.3631, 10.5292),
    "3428": ("NO", "Alvdal", "34", 62.0963, 10.5024),
    "3429": ("NO", "Folldal", "34", 62.1555, 9.9748),
    "3430": ("NO", "Os", "34", 62.4157, 11.4096),
    "3431": ("NO", "Dovre", "34", 62.1172, 9.4361),
    "3432": ("NO", "Lesja", "34", 62.1881, 8.6267),
    "3433": ("NO", "Skjåk", "34", 61.935, 7.9145),
    "3434": ("NO", "Lom", "34", 61.7224, 8.4446),
    "3435": ("NO", "Vågå", "34", 61.7007, 8.9957),
    "3436": ("NO", "Nord-Fron", "34", 61.6089, 9.6002),
    "3437": ("NO", "Sel", "34", 61.7626, 9.4147),
    "3438": ("NO", "Sør-Fron", "34", 61.6057, 9.9337),
    "3439": ("NO", "Ringebu", "34", 61.557, 10.3672),
    "3440": ("NO", "Øyer", "34", 61.3315, 10.5021),
    "3441": ("NO", "Gausdal", "34", 61.2601, 9.8621),
    "3442": ("NO", "Østre Toten", "34", 60.6275, 10.9076),
    "3443": ("NO", "Vestre Toten", "34", 60.635, 10.6205),
    "3446": ("NO", "Gran", "34", 60.4442, 10.4364),
    "3447": ("NO", "Søndre Land", "34", 60.7003, 10.2539),
    "3448": ("NO", "Nordre Land", "34", 60.9471, 9.9819),
    "3449": ("NO", "Sør-Aurdal", "34", 60.6603, 9.6927),
    "3450": ("NO", "Etnedal", "34", 60.9648, 9.6434),
    "3451": ("NO", "Nord-Aurdal", "34", 61.004, 9.2629),
    "3452": ("NO", "Vestre Slidre", "34", 61.0532, 8.9258),
    "3453": ("NO", "Øystre Slidre", "34", 61.2462, 9.128),
    "3454": ("NO", "Vang", "34", 61.1865, 8.467),
    "3901": ("NO", "Horten", "39", 59.3925, 10.4272),
    "3903": ("NO", "Holmestrand", "39", 59.5578, 10.0974),
    "3905": ("NO", "Tønsberg", "39", 59.3681, 10.2721),
    "3907": ("NO", "Sandefjord", "39", 59.2149, 10.205),
    "3909": ("NO", "Larvik", "39", 59.2174, 9.9648),
    "3911": ("NO", "Færder", "39", 59.2154, 10.4136),
    "4001": ("NO", "Porsgrunn", "40", 59.1242, 9.7371),
    "4003": ("NO", "Skien", "40", 59.2733, 9.5197),
    "4005": ("NO", "Notodden", "40", 59.6887, 9.1405),
    "4010": ("NO", "Siljan", "40", 59.3098, 9.6896),
    "4012": ("NO", "Bamble", "40", 59.0304, 9.5414),
    "4014": ("NO", "Kragerø", "40", 58.8896, 9.2677),
    "4016": ("NO", "Drangedal", "40", 59.0949, 8.9698),
    "4018": ("NO", "Nome", "40", 59.2635, 9.1875),
    "4020": ("NO", "Midt-Telemark", "40", 59.4245, 9.1131),
    "4022": ("NO", "Seljord", "40", 59.5724, 8.5148),
    "4024": ("NO", "Hjartdal", "40", 59.6949, 8.69),
    "4026": ("NO", "Tinn", "40", 59.9751, 8.5888),
    "4028": ("NO", "Kviteseid", "40", 59.4089, 8.4811),
    "4030": ("NO", "Nissedal", "40", 59.0432, 8.5321),
    "4032": ("NO", "Fyresdal", "40", 59.1556, 8.0268),
    "4034": ("NO", "Tokke", "40", 59.4677, 7.9427),
    "4036": ("NO", "Vinje", "40", 59.7973, 7.7064),
    "4201": ("NO", "Risør", "42", 58.7589, 9.1822),
    "4202": ("NO", "Grimstad", "42", 58.3774, 8.5137),
    "4203": ("NO", "Arendal", "42", 58.4989, 8.7763),
    "4204": ("NO", "Kristiansand", "42", 58.1987, 7.8872),
    "4205": ("NO", "Lindesnes", "42", 58.2184, 7.4785),
    "4206": ("NO", "Farsund", "42", 58.1477, 6.6767),
    "4207": ("NO", "Flekkefjord", "42", 58.4, 6.7417),
    "4211": ("NO", "Gjerstad", "42", 58.8781, 8.98),
    "4212": ("NO", "Vegårshei", "42", 58.7613, 8.824),
    "4213": ("NO", "Tvedestrand", "42", 58.6305, 8.924),
    "4214": ("NO", "Froland", "42", 58.5795, 8.5994),
    "4215": ("NO", "Lillesand", "42", 58.2198, 8.2661),
    "4216": ("NO", "Birkenes", "42", 58.4347, 8.2318),
    "4217": ("NO", "Åmli", "42", 58.802, 8.3268),
    "4218": ("NO", "Iveland", "42", 58.4312, 7.9552),
    "4219": ("NO", "Evje og Hornnes", "42", 58.5935, 7.8572),
    "4220": ("NO", "Bygland", "42", 58.8723, 7.7291),
    "4221": ("NO", "Valle", "42", 59.1688, 7.4237),
    "4222": ("NO", "Bykle", "42", 59.4271, 7.2305),
    "4223": ("NO", "Vennesla", "42", 58.3393, 7.7729),
    "4224": ("NO", "Åseral", "42", 58.6902, 7.3978),
    "4225": ("NO", "Lyngdal", "42", 58.2695, 7.2396),
    "4226": ("NO", "Hægebostad", "42", 58.467, 7.2324),
    "4227": ("NO", "Kvinesdal", "42", 58.522, 6.9526),
    "4228": ("NO", "Sirdal", "42", 58.8398, 6.8159),
    "4601": ("NO", "Bergen", "46", 60.3624, 5.3799),
    "4602": ("NO", "Kinn", "46", 61.6301, 5.5077),
    "4611": ("NO", "Etne", "46", 59.7999, 6.32),
    "4612": ("NO", "Sveio", "46", 59.6007, 5.419),
    "4613": ("NO", "Bømlo", "46", 59.8041, 5.19),
    "4614": ("NO", "Stord", "46", 59.8332, 5.4458),
    "4615": ("NO", "Fitjar", "46", 59.8959, 5.3668),
    "4616": ("NO", "Tysnes", "46", 59.9833, 5.5309),
    "4617": ("NO", "Kvinnherad", "46", 59.9712, 6.1499),
    "4618": ("NO", "Ullensvang", "46", 60.0748, 7.0068),
    "4619": ("NO", "Eidfjord", "46", 60.3428, 7.4016),
    "4620": ("NO", "Ulvik", "46", 60.6036, 7.2259),
    "4621": ("NO", "Voss", "46", 60.6945, 6.4146),
    "4622": ("NO", "Kvam", "46", 60.3139, 6.0533),
    "4623": ("NO", "Samnanger", "46", 60.4127, 5.7873),
    "4624": ("NO", "Bjørnafjorden", "46", 60.1954, 5.7537),
    "4625": ("NO", "Austevoll", "46", 60.0581, 5.2778),
    "4626": ("NO", "Øygarden", "46", 60.3127, 5.0733),
    "4627": ("NO", "Askøy", "46", 60.4783, 5.1512),
    "4628": ("NO", "Vaksdal", "46", 60.7675, 5.9596),
    "4629": ("NO", "Modalen", "46", 60.8828, 5.9613),
    "4630": ("NO", "Osterøy", "46", 60.5659, 5.5214),
    "4631": ("NO", "Alver", "46", 60.6957, 5.2481),
    "4632": ("NO", "Austrheim", "46", 60.7725, 4.9187),
    "4633": ("NO", "Fedje", "46", 60.7639, 4.723),
    "4634": ("NO", "Masfjorden", "46", 60.8442, 5.5101),
    "4635": ("NO", "Gulen", "46", 60.9593, 5.3583),
    "4636": ("NO", "Solund", "46", 61.1316, 4.8658),
    "4637": ("NO", "Hyllestad", "46", 61.1759, 5.1574),
    "4638": ("NO", "Høyanger", "46", 61.1836, 5.9119),
    "4639": ("NO", "Vik", "46", 61.0261, 6.7046),
    "4640": ("NO", "Sogndal", "46", 61.3419, 6.8769),
    "4641": ("NO", "Aurland", "46", 60.8714, 7.4063),
    "4642": ("NO", "Lærdal", "46", 61.0372, 7.8046),
    "4643": ("NO", "Årdal", "46", 61.2836, 7.8024),
    "4644": ("NO", "Luster", "46", 61.5164, 7.5703),
    "4645": ("NO", "Askvoll", "46", 61.4011, 5.2584),
    "4646": ("NO", "Fjaler", "46", 61.2796, 5.4761),
    "4647": ("NO", "Sunnfjord", "46", 61.4705, 6.2409),
    "4648": ("NO", "Bremanger", "46", 61.7925, 5.4952),
    "4649": ("NO", "Stad", "46", 62.0292, 5.4457),
    "4650": ("NO", "Gloppen", "46", 61.7266, 6.179),
    "4651": ("NO", "Stryn", "46", 61.8231, 6.9315),
    "5001": ("NO", "Trondheim - Tråante", "50", 63.3079, 10.5556),
    "5006": ("NO", "Steinkjer", "50", 64.0494, 11.6966),
    "5007": ("NO", "Namsos - Nåavmesjenjaelmie", "50", 64.3278, 11.4505),
    "5014": ("NO", "Frøya", "50", 63.7345, 8.737),
    "5020": ("NO", "Osen", "50", 64.2963, 10.6538),
    "5021": ("NO", "Oppdal", "50", 62.538, 9.6242),
    "5022": ("NO", "Rennebu", "50", 62.7712, 9.883),
    "5025": ("NO", "Rosse - Røros", "50", 62.5614, 11.6671),
    "5026": ("NO", "Holtålen", "50", 62.8659, 11.3598),
    "5027": ("NO", "Midtre Gauldal", "50", 62.8924, 10.5253),
    "5028": ("NO", "Melhus", "50", 63.1863, 10.3117),
    "5029": ("NO", "Skaun", "50", 63.2563, 10.0404),
    "5031": ("NO", "Malvik", "50", 63.3668, 10.7511),
    "5032": ("NO", "Selbu", "50", 63.1703, 11.1611),
    "5033": ("NO", "Tydal", "50", 62.9489, 11.8137),
    "5034": ("NO", "Meråker", "50", 63.3831, 11.8012),
    "5035": ("NO", "Stjørdal", "50", 63.4572, 11.211),
    "5036": ("NO", "Frosta", "50", 63.6023, 10.7896),
    "5037": ("NO", "Levanger", "50", 63.6663, 11.2484),
    "5038": ("NO", "Verdal", "50", 63.7887, 11.9576),
    "5041": ("NO", "Snåase - Snåsa", "50", 64.187, 12.6234),
    "5042": ("NO", "Lierne", "50", 64.3934, 13.6118),
    "5043": ("NO", "Raarvihke - Røyrvik", "50", 64.811, 13.521),
    "5044": ("NO", "Namsskogan", "50", 64.8128, 12.8819),
    "5045": ("NO", "Grong", "50", 64.5336, 12.6368),
    "5046": ("NO", "Høylandet", "50", 64.7474, 12.3558),
    "5047": ("NO", "Overhalla", "50", 64.4833, 11.8565),
    "5049": ("NO", "Flatanger", "50", 64.4429, 10.8653),
    "5052": ("NO", "Leka", "50", 65.0791, 11.6149),
    "5053": ("NO", "Inderøy", "50", 63.8165, 10.835),
    "5054": ("NO", "Indre Fosen", "50", 63.6759, 10.2374),
    "5055": ("NO", "Heim", "50", 63.2378, 9.0987),
    "5056": ("NO", "Hitra", "50", 63.537, 8.7668),
    "5057": ("NO", "Ørland", "50", 63.7718, 9.8106),
    "5058": ("NO", "Åfjord", "50", 64.0286, 10.4081),
    "5059": ("NO", "Orkland", "50", 63.2696, 9.6297),
    "5060": ("NO", "Nærøysund", "50", 64.9044, 11.7577),
    "5061": ("NO", "Rindal", "50", 63.0051, 9.3511),
    "5501": ("NO", "Tromsø", "55", 69.5493, 19.4235),
    "5503": ("NO", "Harstad - Hárstták", "55", 68.7457, 16.471),
    "5510": ("NO", "Kvæfjord", "55", 68.653, 16.2226),
    "5512": ("NO", "Dielddanuorri - Tjeldsund", "55", 68.5903, 17.0344),
    "5514": ("NO", "Ibestad", "55", 68.8639, 17.3807),
    "5516": ("NO", "Gratangen", "55", 68.709, 17.3138),
    "5518": ("NO", "Loabák - Lavangen", "55", 68.7163, 17.8167),
    "5520": ("NO", "Bardu", "55", 68.6821, 18.7078),
    "5522": ("NO", "Salangen", "55", 68.8743, 17.9934),
    "5524": ("NO", "Målselv", "55", 68.979, 19.3863),
    "5526": ("NO", "Sørreisa", "55", 69.0956, 18.1694),
    "5528": ("NO", "Dyrøy", "55", 69.0228, 17.7585),
    "5530": ("NO", "Senja", "55", 69.3046, 17.4486),
    "5532": ("NO", "Balsfjord", "55", 69.2743, 18.9979),
    "5534": ("NO", "Karlsøy", "55", 69.9573, 19.3102),
    "5536": ("NO", "Lyngen", "55", 69.6884, 20.0215),
    "5538": ("NO", "Storfjord - Omasvuotna - Omasvuono", "55", 69.2541, 20.3025),
    "5540": ("NO", "Gáivuotna - Kåfjord - Kaivuono", "55", 69.4863, 20.7513),
    "5542": ("NO", "Skjervøy", "55", 70.1321, 20.573),
    "5544": ("NO", "Nordreisa - Ráisa - Raisi", "55", 69.5268, 21.5992),
    "5546": ("NO", "Kvænangen", "55", 69.8528, 22.2793),
    "5601": ("NO", "Alta", "56", 70.0056, 22.6516),
    "5603": ("NO", "Hammerfest - Hámmerfeasta", "56", 70.4, 24.1605),
    "5605": ("NO", "Sør-Varanger", "56", 69.5213, 29.7125),
    "5607": ("NO", "Vadsø", "56", 70.2755, 29.7113),
    "5610": ("NO", "Kárášjohka - Karasjok", "56", 69.393, 25.0347),
    "5612": ("NO", "Guovdageaidnu - Kautokeino", "56", 69.1325, 23.5781),
    "5614": ("NO", "Loppa", "56", 70.1841, 22.0392),
    "5616": ("NO", "Hasvik", "56", 70.617, 22.363),
    "5618": ("NO", "Måsøy", "56", 70.805, 25.0049),
    "5620": ("NO", "Nordkapp", "56", 71.06, 25.5651),
    "5622": ("NO", "Porsanger - Porsáŋgu - Porsanki", "56", 70.2403, 25.7241),
    "5624": ("NO", "Lebesby", "56", 70.5506, 26.3778),
    "5626": ("NO", "Gamvik", "56", 70.7673, 27.9072),
    "5628": ("NO", "Deatnu - Tana", "56", 70.2572, 27.815),
    "5630": ("NO", "Berlevåg", "56", 70.6802, 28.9495),
    "5632": ("NO", "Båtsfjord", "56", 70.514, 29.6877),
    "5634": ("NO", "Vardø", "56", 70.349, 30.648),
    "5636": ("NO", "Unjárga - Nesseby", "56", 70.1282, 28.4759),
    "0101": ("DK", "København", "1084", 55.6824, 12.5745),
    "0147": ("DK", "Frederiksberg", "1084", 55.6824, 12.5239),
    "0151": ("DK", "Ballerup", "1084", 55.7306, 12.3649),
    "0153": ("DK", "Brøndby", "1084", 55.6436, 12.405),
    "0155": ("DK", "Dragør", "1084", 55.5815, 12.6371),
    "0157": ("DK", "Gentofte", "1084", 55.7506, 12.5464),
    "0159": ("DK", "Gladsaxe", "1084", 55.7458, 12.4757),
    "0161": ("DK", "Glostrup", "1084", 55.6836, 12.4128),
    "0163": ("DK", "Herlev", "1084", 55.7337, 12.4293),
    "0165": ("DK", "Albertslund", "1084", 55.676, 12.3513),
    "0167": ("DK", "Hvidovre", "1084", 55.6345, 12.4673),
    "0169": ("DK", "Høje Taastrup", "1084", 55.6554, 12.2443),
    "0173": ("DK", "Lyngby-Taarbæk", "1084", 55.7841, 12.5046),
    "0175": ("DK", "Rødovre", "1084", 55.6909, 12.4481),
    "0183": ("DK", "Ishøj", "1084", 55.6159, 12.3377),
    "0185": ("DK", "Tårnby", "1084", 55.6104, 12.595),
    "0187": ("DK", "Vallensbæk", "1084", 55.6333, 12.3704),
    "0190": ("DK", "Furesø", "1084", 55.8019, 12.3744),
    "0201": ("DK", "Allerød", "1084", 55.8562, 12.3386),
    "0210": ("DK", "Fredensborg", "1084", 55.9516, 12.4445),
    "0217": ("DK", "Helsingør", "1084", 56.0362, 12.5063),
    "0219": ("DK", "Hillerød", "1084", 55.9248, 12.2304),
    "0223": ("DK", "Hørsholm", "1084", 55.8856, 12.4755),
    "0230": ("DK", "Rudersdal", "1084", 55.8372, 12.4842),
    "0240": ("DK", "Egedal", "1084", 55.7608, 12.2145),
    "0250": ("DK", "Frederikssund", "1084", 55.8288, 11.9925),
    "0253": ("DK", "Greve", "1085", 55.5891, 12.2412),
    "0259": ("DK", "Køge", "1085", 55.4518, 12.0667),
    "0260": ("DK", "Halsnæs", "1084", 55.9547, 11.8977),
    "0265": ("DK", "Roskilde", "1085", 55.6467, 12.0812),
    "0269": ("DK", "Solrød", "1085", 55.535, 12.1672),
    "0270": ("DK", "Gribskov", "1084", 56.049, 12.2224),
    "0306": ("DK", "Odsherred", "1085", 55.8707, 11.6079),
    "0316": ("DK", "Holbæk", "1085", 55.6543, 11.5803),
    "0320": ("DK", "Faxe", "1085", 55.268, 12.0958),
    "0326": ("DK", "Kalundborg", "1085", 55.6068, 11.264),
    "0329": ("DK", "Ringsted", "1085", 55.4593, 11.8128),
    "0330": ("DK", "Slagelse", "1085", 55.3474, 11.3519),
    "0336": ("DK", "Stevns", "1085", 55.3322, 12.3433),
    "0340": ("DK", "Sorø", "1085", 55.4774, 11.5552),
    "0350": ("DK", "Lejre", "1085", 55.6358, 11.8978),
    "0360": ("DK", "Lolland", "1085", 54.7785, 11.2688),
    "0370": ("DK", "Næstved", "1085", 55.2616, 11.7087),
    "0376": ("DK", "Guldborgsund", "1085", 54.7636, 11.9585),
    "0390": ("DK", "Vordingborg", "1085", 55.0586, 11.9744),
    "0400": ("DK", "Bornholm", "1084", 55.1431, 14.9228),
    "0410": ("DK", "Middelfart", "1083", 55.448, 9.9367),
    "0411": ("DK", "Christiansø", "1084", 55.3206, 15.1894),
    "0420": ("DK", "Assens", "1083", 55.2757, 10.0657),
    "0430": ("DK", "Faaborg-Midtfyn", "1083", 55.2001, 10.4274),
    "0440": ("DK", "Kerteminde", "1083", 55.4719, 10.6288),
    "0450": ("DK", "Nyborg", "1083", 55.2986, 10.6791),
    "0461": ("DK", "Odense", "1083", 55.3842, 10.3539),
    "0479": ("DK", "Svendborg", "1083", 55.1246, 10.595),
    "0480": ("DK", "Nordfyns", "1083", 55.514, 10.237),
    "0482": ("DK", "Langeland", "1083", 54.9431, 10.7772),
    "0492": ("DK", "Ærø", "1083", 54.8938, 10.3242),
    "0510": ("DK", "Haderslev", "1083", 55.2534, 9.2515),
    "0530": ("DK", "Billund", "1083", 55.7433, 8.9977),
    "0540": ("DK", "Sønderborg", "1083", 54.9681, 9.9319),
    "0550": ("DK", "Tønder", "1083", 55.063, 8.8891),
    "0561": ("DK", "Esbjerg", "1083", 55.4088, 8.761),
    "0563": ("DK", "Fanø", "1083", 55.4044, 8.4256),
    "0573": ("DK", "Varde", "1083", 55.6659, 8.5087),
    "0575": ("DK", "Vejen", "1083", 55.457, 9.0306),
    "0580": ("DK", "Aabenraa", "1083", 54.9906, 9.3537),
    "0607": ("DK", "Fredericia", "1083", 55.569, 9.6681),
    "0615": ("DK", "Horsens", "1082", 55.9382, 9.77),
    "0621": ("DK", "Kolding", "1083", 55.47, 9.4673),
    "0630": ("DK", "Vejle", "1083", 55.7624, 9.3524),
    "0657": ("DK", "Herning", "1082", 56.1464, 8.8625),
    "0661": ("DK", "Holstebro", "1082", 56.3942, 8.7089),
    "0665": ("DK", "Lemvig", "1082", 56.529, 8.3022),
    "0671": ("DK", "Struer", "1082", 56.4843, 8.5807),
    "0706": ("DK", "Syddjurs", "1082", 56.2703, 10.6616),
    "0707": ("DK", "Norddjurs", "1082", 56.451, 10.61),
    "0710": ("DK", "Favrskov", "1082", 56.3214, 9.9293),
    "0727": ("DK", "Odder", "1082", 55.9306, 10.1427),
    "0730": ("DK", "Randers", "1082", 56.5357, 10.0027),
    "0740": ("DK", "Silkeborg", "1082", 56.1844, 9.611),
    "0741": ("DK", "Samsø", "1082", 55.8832, 10.6115),
    "0746": ("DK", "Skanderborg", "1082", 56.085, 9.8531),
    "0751": ("DK", "Aarhus", "1082", 56.1629, 10.1002),
    "0756": ("DK", "Ikast-Brande", "1082", 56.0525, 9.2616),
    "0760": ("DK", "Ringkøbing-Skjern", "1082", 56.0176, 8.5486),
    "0766": ("DK", "Hedensted", "1082", 55.7969, 9.7812),
    "0773": ("DK", "Morsø", "1081", 56.8273, 8.7297),
    "0779": ("DK", "Skive", "1082", 56.6458, 8.9328),
    "0787": ("DK", "Thisted", "1081", 56.9158, 8.484),
    "0791": ("DK", "Viborg", "1082", 56.4522, 9.3834),
    "0810": ("DK", "Brønderslev", "1081", 57.2038, 10.1954),
    "0813": ("DK", "Frederikshavn", "1081", 57.4608, 10.4544),
    "0820": ("DK", "Vesthimmerlands", "1081", 56.8247, 9.4054),
    "0825": ("DK", "Læsø", "1081", 57.272, 10.9932),
    "0840": ("DK", "Rebild", "1081", 56.8123, 10.0007),
    "0846": ("DK", "Mariagerfjord", "1081", 56.7057, 9.9203),
    "0849": ("DK", "Jammerbugt", "1081", 57.1849, 9.665),
    "0851": ("DK", "Aalborg", "1081", 56.945, 10.0536),
    "0860": ("DK", "Hjørring", "1081", 57.4628, 10.0754),
}

# Towns and places that are not themselves municipality names -> (country, municipality name or code).
TOWNS: dict[str, tuple[str, str]] = {
    # Norway
    "Mo i Rana": ("NO", "Rana"),
    "Sandnessjøen": ("NO", "Alstahaug"),
    "Mosjøen": ("NO", "Vefsn"),
    "Brønnøysund": ("NO", "Brønnøy"),
    "Leknes": ("NO", "Vestvågøy"),
    "Svolvær": ("NO", "Vågan"),
    "Stokmarknes": ("NO", "Hadsel"),
    "Ørnes": ("NO", "Meløy"),
    "Florø": ("NO", "Kinn"),
    "Måløy": ("NO", "Kinn"),
    "Førde": ("NO", "Sunnfjord"),
    "Leirvik": ("NO", "Stord"),
    "Kirkenes": ("NO", "Sør-Varanger"),
    "Raufoss": ("NO", "Vestre Toten"),
    "Fornebu": ("NO", "Bærum"),
    "Lysaker": ("NO", "Bærum"),
    "Sandvika": ("NO", "Bærum"),
    "Kjeller": ("NO", "Lillestrøm"),
    "Strømmen": ("NO", "Lillestrøm"),
    "Ulsteinvik": ("NO", "Ulstein"),
    "Åndalsnes": ("NO", "Rauma"),
    "Sunndalsøra": ("NO", "Sunndal"),
    "Finnsnes": ("NO", "Senja"),
    "Brumunddal": ("NO", "Ringsaker"),
    "Moelv": ("NO", "Ringsaker"),
    "Herøya": ("NO", "Porsgrunn"),
    "Mandal": ("NO", "Lindesnes"),
    "Egersund": ("NO", "Eigersund"),
    "Bryne": ("NO", "Time"),
    "Odda": ("NO", "Ullensvang"),
    "Orkanger": ("NO", "Orkland"),
    "Hønefoss": ("NO", "Ringerike"),
    "Ski": ("NO", "Nordre Follo"),
    "Honningsvåg": ("NO", "Nordkapp"),
    "Vikersund": ("NO", "Modum"),
    "Tananger": ("NO", "Sola"),
    "Ålgård": ("NO", "Gjesdal"),
    "Fosnavåg": ("NO", "1515"),
    "Brattvåg": ("NO", "Ålesund"),
    "Stjørdalshalsen": ("NO", "Stjørdal"),
    # Denmark
    "Kongens Lyngby": ("DK", "Lyngby-Taarbæk"),
    "Lyngby": ("DK", "Lyngby-Taarbæk"),
    "Copenhagen": ("DK", "København"),
    "Århus": ("DK", "Aarhus"),
    "Ålborg": ("DK", "Aalborg"),
    "Ringkøbing": ("DK", "Ringkøbing-Skjern"),
    "Skjern": ("DK", "Ringkøbing-Skjern"),
    "Hvide Sande": ("DK", "Ringkøbing-Skjern"),
    "Taastrup": ("DK", "Høje Taastrup"),
    "Nykøbing Falster": ("DK", "Guldborgsund"),
    "Nykøbing Mors": ("DK", "Morsø"),
    "Nykøbing Sjælland": ("DK", "Odsherred"),
    "Rønne": ("DK", "Bornholm"),
    "Elsinore": ("DK", "Helsingør"),
    "Grenaa": ("DK", "Norddjurs"),
    "Grenå": ("DK", "Norddjurs"),
    "Hirtshals": ("DK", "Hjørring"),
    "Skagen": ("DK", "Frederikshavn"),
    "Brande": ("DK", "Ikast-Brande"),
    "Ikast": ("DK", "Ikast-Brande"),
    "Søborg": ("DK", "Gladsaxe"),
    "Kastrup": ("DK", "Tårnby"),
    "Foulum": ("DK", "Viborg"),
    "Nordborg": ("DK", "Sønderborg"),
}

# Norwegian county names of every era -> the 2024 counties that succeeded it, the usual successor first.
# "split": the county was divided in 2024 and its name alone cannot say where a cluster is (the town
# decides, else the ingest asks); otherwise the first code is taken unless the town lies in another of them.
# Source: ../shared/geo/no_county_history.csv and no_county_2020_to_2024.csv (SSB classification 104).
NO_COUNTY_NAMES: dict[str, tuple[tuple[str, ...], bool]] = {
    # 2024 counties
    **{name: ((code,), False) for code, (country, name, *_rest) in geo.ADMIN1.items() if country == "NO"},
    # before 2020 (codes 01-20, 2018: Trøndelag 50)
    "Østfold": (("31", "32"), False),
    "Akershus": (("32",), False),
    "Hedmark": (("34",), False),
    "Oppland": (("34", "32"), False),
    "Buskerud": (("33", "32"), False),
    "Vestfold": (("39", "33"), False),
    "Telemark": (("40",), False),
    "Aust-Agder": (("42",), False),
    "Vest-Agder": (("42",), False),
    "Hordaland": (("46",), False),
    "Sogn og Fjordane": (("46", "15"), False),
    "Møre og Romsdal": (("15", "50"), False),
    "Sør-Trøndelag": (("50",), False),
    "Nord-Trøndelag": (("50",), False),
    "Nordland": (("18", "55"), False),
    "Troms": (("55",), False),
    "Finnmark": (("56",), False),
    # 2020-2023
    "Viken": (("31", "32", "33"), True),
    "Vestfold og Telemark": (("39", "40"), True),
    "Troms og Finnmark": (("55", "56"), True),
    "Innlandet": (("34",), False),
    "Agder": (("42",), False),
    "Vestland": (("46",), False),
    "Trøndelag": (("50",), False),
    # Sami and other official forms
    "Romsa": (("55",), False),
    "Finnmárku": (("56",), False),
    "Romsa ja Finnmárku": (("55", "56"), True),
    "Trööndelage": (("50",), False),
}
# Old county codes (2017 01-20, 2020 30/38/54) -> the county name of that code.
NO_OLD_COUNTY_CODES = {
    "01": "Østfold",
    "02": "Akershus",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud",
    "07": "Vestfold",
    "08": "Telemark",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "19": "Troms",
    "20": "Finnmark",
    "30": "Viken",
    "38": "Vestfold og Telemark",
    "54": "Troms og Finnmark",
}
DK_REGION_NAMES: dict[str, str] = {
    "Nordjylland": "1081",
    "North Denmark": "1081",
    "North Jutland": "1081",
    "Northern Jutland": "1081",
    "Midtjylland": "1082",
    "Midt": "1082",
    "Central Denmark": "1082",
    "Central Jutland": "1082",
    "Syddanmark": "1083",
    "Syd": "1083",
    "Southern Denmark": "1083",
    "South Denmark": "1083",
    "Sjælland": "1085",
    "Zealand": "1085",
    "Sjaelland": "1085",
    "Hovedstaden": "1084",
    "Capital": "1084",
    "Capital of Denmark": "1084",
    "Hovedstadsregionen": "1084",
    "Hovedstadsområdet": "1084",
}

_FILLER = {"fylke", "fylkeskommune", "county", "region", "regionen", "of", "the", "i", "dk", "no"}
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ö": "o", "ä": "ae", "ü": "u", "á": "a", "&": " og "})


def fold(text: str) -> str:
    """A name as a lookup key: case, accents (ø -> o, æ -> ae, å -> a), spaces, hyphens and dots ignored."""
    text = unicodedata.normalize("NFC", str(text)).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s\-_.,/()']+", text)).strip()


def _county_key(text: str) -> str:
    words = [w for w in fold(text).split() if w not in _FILLER]
    return " ".join(words)


@dataclass(frozen=True)
class Place:
    """A known town: the municipality it lies in, its county/region (2024) and the municipality's point."""

    country: str
    municipality_code: str
    municipality_name: str
    county_code: str
    lat: float
    lon: float


def _place_index() -> dict[tuple[str, str], list[Place]]:
    index: dict[tuple[str, str], list[Place]] = {}

    def add(name: str, place: Place) -> None:
        found = index.setdefault((place.country, fold(name)), [])
        if place not in found:
            found.append(place)

    by_name: dict[tuple[str, str], list[Place]] = {}
    for code, (country, name, county, lat, lon) in MUNICIPALITIES.items():
        place = Place(country, code, name, county, lat, lon)
        for part in [name, *name.split(" - ")]:
            add(part, place)
            by_name.setdefault((country, part), []).append(place)
    for town, (country, municipality) in TOWNS.items():
        if municipality in MUNICIPALITIES:
            add(town, Place(country, municipality, *(MUNICIPALITIES[municipality][1:])))
            continue
        for place in by_name[(country, municipality)]:
            add(town, place)
    return index


PLACES = _place_index()


def places(town: str | None, country: str | None = None) -> list[Place]:
    """Every place a town name may be (several when a name is used twice, e.g. Herøy, Våler)."""
    if not town or not str(town).strip():
        return []
    key = fold(town)
    countries = (country,) if country in geo.COUNTRIES else geo.COUNTRIES
    return [p for c in countries for p in PLACES.get((c, key), [])]


def place(town: str | None, country: str | None = None, county_code: str | None = None) -> Place | None:
    """The one place a town name stands for (narrowed by county when given); None when unknown or ambiguous."""
    found = places(town, country)
    if county_code:
        found = [p for p in found if p.county_code == county_code] or found
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class County:
    """What a county cell says: the 2024 code(s) it may mean, and how it was read."""

    codes: tuple[str, ...]  # candidate 2024 codes, usual successor first; empty when unknown
    split: bool = False  # a county divided in 2024: its name alone does not decide
    name: str = ""  # the name it was read as, e.g. "Vest-Agder"
    renamed: bool = False  # not a 2024 name or code (an older county, a region name, ...)


def _county_index() -> dict[str, tuple[str, tuple[str, ...], bool, str]]:
    index = {}
    for name, (codes, split) in NO_COUNTY_NAMES.items():
        index[_county_key(name)] = ("NO", codes, split, name)
    for name, code in DK_REGION_NAMES.items():
        index[_county_key(name)] = ("DK", (code,), False, geo.county_name(code))
    return index


_COUNTIES = _county_index()


def county(text, country: str | None = None) -> County:
    """A county/region cell -> its 2024 code(s): codes (2024 or older, ISO 3166-2, DK 81-85) or names of any era."""
    raw = str(text).strip()
    if not raw:
        return County(())
    upper = raw.upper()
    if upper.startswith(("NO-", "DK-")):
        raw = raw[3:].strip()
        if upper.startswith("DK-") and raw.isdigit():
            raw = "10" + raw.zfill(2)
    if raw.isdigit():
        code = raw.zfill(2) if len(raw) < 2 else raw
        if code in geo.ADMIN1:
            return County((code,), name=geo.county_name(code))
        if len(code) == 2 and f"10{code}" in geo.ADMIN1 and country != "NO":
            return County((f"10{code}",), name=geo.county_name(f"10{code}"), renamed=True)
        if code in NO_OLD_COUNTY_CODES and country != "DK":
            codes, split = NO_COUNTY_NAMES[NO_OLD_COUNTY_CODES[code]]
            return County(codes, split, f"{NO_OLD_COUNTY_CODES[code]} ({code})", renamed=True)
        return County(())
    found = _COUNTIES.get(_county_key(raw))
    if found is None or (country in geo.COUNTRIES and found[0] != country):
        return County(())
    _, codes, split, name = found
    return County(codes, split, name, _county_key(raw) != _county_key(geo.county_name(codes[0])))


def county_words() -> list[str]:
    """Every county/region name the table knows (for suggestions)."""
    return [*NO_COUNTY_NAMES, *(f"Region {n}" for n in DK_REGION_NAMES)]
