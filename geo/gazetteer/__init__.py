"""The offline gazetteer: name keys, the SQLite index (built once from GeoNames, Natural Earth, ISO 3166,
OurAirports and our curated tables; opened in milliseconds), lookups, and geopy-compatible geocoders.

In: a place name (with hints). Out: :class:`~geo.models.Place` values. Reads no article text.
"""
