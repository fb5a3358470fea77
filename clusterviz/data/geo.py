# Facts about places (not third-party geometry): county/region codes and names, one label point per
# county/region, and the municipalities the demo data uses, with a point inside each (WGS84).
# Source: Kartverket / SDFI registers via ../shared/geo (facts, not copyrightable data).

ADMIN1 = {  # code -> (country, name, iso_3166_2, label_lat, label_lon)
    "03": ("NO", "Oslo", "NO-03", 59.9689, 10.7779),
    "11": ("NO", "Rogaland", "NO-11", 59.0594, 6.3572),
    "15": ("NO", "Møre og Romsdal", "NO-15", 62.5284, 8.3922),
    "18": ("NO", "Nordland", "NO-18", 66.7734, 14.6942),
    "31": ("NO", "Østfold", "NO-31", 59.3278, 11.2853),
    "32": ("NO", "Akershus", "NO-32", 60.0367, 11.3162),
    "33": ("NO", "Buskerud", "NO-33", 60.2548, 8.9688),
    "34": ("NO", "Innlandet", "NO-34", 61.2638, 10.4772),
    "39": ("NO", "Vestfold", "NO-39", 59.3194, 10.141),
    "40": ("NO", "Telemark", "NO-40", 59.4805, 8.5782),
    "42": ("NO", "Agder", "NO-42", 58.8286, 7.8733),
    "46": ("NO", "Vestland", "NO-46", 60.895, 6.1768),
    "50": ("NO", "Trøndelag", "NO-50", 63.6984, 11.6914),
    "55": ("NO", "Troms", "NO-55", 69.2906, 20.5833),
    "56": ("NO", "Finnmark", "NO-56", 69.8427, 24.4461),
    "1081": ("DK", "Nordjylland", "DK-81", 57.211, 10.0122),
    "1082": ("DK", "Midtjylland", "DK-82", 56.2357, 9.2344),
    "1083": ("DK", "Syddanmark", "DK-83", 55.3769, 9.1326),
    "1084": ("DK", "Hovedstaden", "DK-84", 55.8628, 12.3134),
    "1085": ("DK", "Sjælland", "DK-85", 55.4862, 11.6866),
}

MUNICIPALITIES = {  # code -> (country, name, county/region code, lat, lon)
    "0301": ("NO", "Oslo", "03", 59.9677, 10.7794),
    "1103": ("NO", "Stavanger", "11", 58.947, 5.6928),
    "1106": ("NO", "Haugesund", "11", 59.4391, 5.2952),
    "1108": ("NO", "Sandnes", "11", 59.0197, 6.5938),
    "1505": ("NO", "Kristiansund", "15", 63.0614, 7.803),
    "1506": ("NO", "Molde", "15", 62.606, 8.1314),
    "1508": ("NO", "Ålesund", "15", 62.4913, 6.8451),
    "1516": ("NO", "Ulstein", "15", 62.3391, 5.8809),
    "1804": ("NO", "Bodø", "18", 67.0841, 14.9677),
    "1806": ("NO", "Narvik", "18", 68.2902, 17.7473),
    "1813": ("NO", "Brønnøy", "18", 65.417, 12.7968),
    "1820": ("NO", "Alstahaug", "18", 65.9392, 12.5441),
    "1824": ("NO", "Vefsn", "18", 65.8224, 13.2263),
    "1833": ("NO", "Rana", "18", 66.4391, 14.3947),
    "1837": ("NO", "Meløy", "18", 66.7897, 13.8344),
    "1860": ("NO", "Vestvågøy", "18", 68.203, 13.7662),
    "1865": ("NO", "Vågan", "18", 68.2864, 14.5109),
    "1866": ("NO", "Hadsel", "18", 68.4013, 14.995),
    "3101": ("NO", "Halden", "31", 59.0626, 11.5424),
    "3107": ("NO", "Fredrikstad", "31", 59.2255, 10.9354),
    "3201": ("NO", "Bærum", "32", 59.9495, 10.4919),
    "3203": ("NO", "Asker", "32", 59.7014, 10.4519),
    "3205": ("NO", "Lillestrøm", "32", 59.9175, 11.2174),
    "3301": ("NO", "Drammen", "33", 59.7019, 10.1377),
    "3303": ("NO", "Kongsberg", "33", 59.5962, 9.6685),
    "3403": ("NO", "Hamar", "34", 60.9928, 11.1609),
    "3405": ("NO", "Lillehammer", "34", 61.1336, 10.4292),
    "3407": ("NO", "Gjøvik", "34", 60.8751, 10.5007),
    "3420": ("NO", "Elverum", "34", 60.9678, 11.7383),
    "3443": ("NO", "Vestre Toten", "34", 60.635, 10.6205),
    "3901": ("NO", "Horten", "39", 59.3925, 10.4272),
    "3905": ("NO", "Tønsberg", "39", 59.3681, 10.2721),
    "3907": ("NO", "Sandefjord", "39", 59.2149, 10.205),
    "3909": ("NO", "Larvik", "39", 59.2174, 9.9648),
    "4001": ("NO", "Porsgrunn", "40", 59.1242, 9.7371),
    "4003": ("NO", "Skien", "40", 59.2733, 9.5197),
    "4005": ("NO", "Notodden", "40", 59.6887, 9.1405),
    "4202": ("NO", "Grimstad", "42", 58.3774, 8.5137),
    "4203": ("NO", "Arendal", "42", 58.4989, 8.7763),
    "4204": ("NO", "Kristiansand", "42", 58.1987, 7.8872),
    "4601": ("NO", "Bergen", "46", 60.3624, 5.3799),
    "4602": ("NO", "Kinn", "46", 61.6301, 5.5077),
    "4614": ("NO", "Stord", "46", 59.8332, 5.4458),
    "4647": ("NO", "Sunnfjord", "46", 61.4705, 6.2409),
    "4651": ("NO", "Stryn", "46", 61.8231, 6.9315),
    "5006": ("NO", "Steinkjer", "50", 64.0494, 11.6966),
    "5037": ("NO", "Levanger", "50", 63.6663, 11.2484),
    "5501": ("NO", "Tromsø", "55", 69.5493, 19.4235),
    "5601": ("NO", "Alta", "56", 70.0056, 22.6516),
    "5605": ("NO", "Sør-Varanger", "56", 69.5213, 29.7125),
    "0101": ("DK", "København", "1084", 55.6824, 12.5745),
    "0173": ("DK", "Lyngby-Taarbæk", "1084", 55.7841, 12.5046),
    "0223": ("DK", "Hørsholm", "1084", 55.8856, 12.4755),
    "0259": ("DK", "Køge", "1085", 55.4518, 12.0667),
    "0265": ("DK", "Roskilde", "1085", 55.6467, 12.0812),
    "0316": ("DK", "Holbæk", "1085", 55.6543, 11.5803),
    "0370": ("DK", "Næstved", "1085", 55.2616, 11.7087),
    "0461": ("DK", "Odense", "1083", 55.3842, 10.3539),
    "0530": ("DK", "Billund", "1083", 55.7433, 8.9977),
    "0540": ("DK", "Sønderborg", "1083", 54.9681, 9.9319),
    "0561": ("DK", "Esbjerg", "1083", 55.4088, 8.761),
    "0607": ("DK", "Fredericia", "1083", 55.569, 9.6681),
    "0615": ("DK", "Horsens", "1082", 55.9382, 9.77),
    "0621": ("DK", "Kolding", "1083", 55.47, 9.4673),
    "0630": ("DK", "Vejle", "1083", 55.7624, 9.3524),
    "0657": ("DK", "Herning", "1082", 56.1464, 8.8625),
    "0730": ("DK", "Randers", "1082", 56.5357, 10.0027),
    "0740": ("DK", "Silkeborg", "1082", 56.1844, 9.611),
    "0751": ("DK", "Aarhus", "1082", 56.1629, 10.1002),
    "0760": ("DK", "Ringkøbing-Skjern", "1082", 56.0176, 8.5486),
    "0779": ("DK", "Skive", "1082", 56.6458, 8.9328),
    "0791": ("DK", "Viborg", "1082", 56.4522, 9.3834),
    "0813": ("DK", "Frederikshavn", "1081", 57.4608, 10.4544),
    "0851": ("DK", "Aalborg", "1081", 56.945, 10.0536),
    "0860": ("DK", "Hjørring", "1081", 57.4628, 10.0754),
}

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max) of each country incl. islands; used by
# validation to catch swapped or mistyped coordinates, not as a border test.
COUNTRY_BBOX = {"NO": (57.9, 71.3, 4.4, 31.3), "DK": (54.5, 57.8, 8.0, 15.3)}

COUNTRIES = ("NO", "DK")

# Map views: centre and zoom for each country and for both together.
COUNTRY_VIEW = {"NO": (64.5, 13.0, 3.6), "DK": (56.1, 10.6, 5.6), "ALL": (61.0, 12.0, 3.3)}


def county_codes(country: str | None = None) -> list[str]:
    """Codes of the 2024 Norwegian counties and/or the Danish regions, in a stable order."""
    return [code for code, row in ADMIN1.items() if country in (None, row[0])]


def county_name(code: str) -> str:
    row = ADMIN1.get(code)
    return row[1] if row else code


def county_country(code: str) -> str | None:
    row = ADMIN1.get(code)
    return row[0] if row else None


def inside_country(lat: float, lon: float, country: str) -> bool:
    box = COUNTRY_BBOX.get(country)
    if box is None:
        return False
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]
