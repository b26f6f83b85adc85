"""What the Streamlit app needs, without Streamlit: the SQLite event store (edits, history, undo),
the dataset and filters, views in the URL, review actions and the live map component's folder.

In: events and user choices. Out: records, filtered views and changes. ``geo`` never imports streamlit.
"""
