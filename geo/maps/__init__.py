"""Maps: events in -> a folium map (HTML) or the live map's drawing data out.

The only room that imports folium. ``static/`` holds our own JavaScript and CSS, loaded with
``importlib.resources``; Leaflet itself comes from the XStatic-Leaflet wheel.
"""
