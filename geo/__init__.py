"""Strike Map: read news articles, find cross-border strikes, geocode and map them.

The package is a pipeline of small modules passing frozen values
(see :mod:`geo.models`): file -> Article -> Mention -> Event -> GeoDataFrame -> map.
It never imports streamlit; ``app.py`` and ``python -m geo`` are thin shells.
"""

__version__ = "0.1.0"
