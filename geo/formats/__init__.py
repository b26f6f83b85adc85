"""Files: events <-> GeoJSON (RFC 7946), ACLED-style CSV, GeoPackage, KML and GeoParquet.

In: :class:`~geo.models.Event` values. Out: files GIS and spreadsheet tools open, and events read back.
"""
