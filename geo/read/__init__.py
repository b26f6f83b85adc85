"""Reading: files, pasted text, HTML pages, archives and URLs in -> :class:`~geo.models.Article` out.

Also the word lists (:mod:`.lexicon`) and the sentence splitter (:mod:`.sentences`), because reading a
page already needs them: a dateline, a caption, a glued menu are found by the words they hold.
Imports only the shared modules at the top of ``geo``.
"""
