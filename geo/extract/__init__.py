"""Extraction: :class:`~geo.models.Article` in -> :class:`~geo.models.Mention` per strike sentence ->
:class:`~geo.models.Event` per real strike (:mod:`.fusion`). :mod:`.pipeline` runs files through it all.

Imports reading, the gazetteer and the shared modules; never formats, maps or the app.
"""
