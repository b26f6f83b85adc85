"""Strike Map, the Streamlit app: ``streamlit run app.py``.

A thin shell: widgets -> :mod:`geo.dataset` / :mod:`geo.store` -> map, chart, table, downloads.
Everything worth testing lives in ``geo/``. Heavy things load once per process
(``st.cache_resource``: pipeline, gazetteer, store); derived views are cached per
store revision and filter (``st.cache_data``), so a rerun never re-extracts or re-geocodes.

Why ``components.html`` and not ``st_folium``: our maps inline Leaflet and a small
drawing library (:mod:`geo.map_js`) in the page head, because no CDN is reachable
offline. streamlit-folium re-runs the map script inside its own bundled Leaflet and
rewrites the head; with our map the component stayed at height 0 in Chromium (nothing
drawn). ``components.html`` shows exactly the standalone HTML we also export and test,
and panning or zooming it never reruns the script. Strikes are chosen from the table;
the map's popups carry the same evidence and sources.
"""

from __future__ import annotations

import os
from datetime import date

import altair as alt
import streamlit as st
import streamlit.components.v1 as components

from geo import dataset as ds
from geo.errors import GeoError, StorageError
from geo.models import DatePrecision, Event, Precision
from geo.store import EventStore, Record, StaleEdit

st.set_page_config(layout="wide", page_title="Strike Map", page_icon="🎯")
MAP_HEIGHT = 640
# A dashboard, not a document: less white space above the fold so the map is seen first.
STYLE = ("<style>.block-container{padding-top:2.2rem;padding-bottom:2rem}"
         "[data-testid=stMetricValue]{font-size:1.7rem}</style>")


# ---------------------------------------------------------------- loaded once per process

@st.cache_resource(show_spinner="Opening the offline gazetteer…")
def pipeline():
    from geo.pipeline import Pipeline

    return Pipeline()


@st.cache_resource(show_spinner="Opening the event store…")
def store(directory: str) -> EventStore:
    # Keyed by directory so tests (and users) pointing STRIKEMAP_DATA elsewhere get their own store.
    opened = ds.open_store(pipeline(), directory=directory)
    ds.ensure_bundled(opened, pipeline())  # first run only: the sample articles, ~1 s
    return opened


@st.cache_data(show_spinner=False, max_entries=8)
def records(_store: EventStore, directory: str, revision: int) -> list[Record]:
    return _store.records()


@st.cache_data(show_spinner=False, max_entries=32)
def map_html(_events: list[Event], key: str) -> str:
    from geo.rendering import build_map

    return build_map(_events, offline=True, basemap="light", compact=True).get_root().render()


@st.cache_data(show_spinner=False, max_entries=32)
def table(_events: list[Event], key: str):
    return ds.table_frame(_events)


def show_map(html: str) -> None:
    # The HTML is ours: every article string was escaped by geo.rendering before it got here.
    if hasattr(st, "iframe"):  # Streamlit >= 1.52 replaces components.html with st.iframe
        st.iframe(html, height=MAP_HEIGHT)
    else:
        components.html(html, height=MAP_HEIGHT)


def flash(kind: str, message: str) -> None:
    """Show a message after the next rerun (actions rerun the script to redraw everything)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("flash", []):
        getattr(st, kind)(ds.plain_text(message))


# ---------------------------------------------------------------- sidebar: filters and downloads

def sidebar_filters(events: list[Event]) -> ds.Filters:
    options = ds.filter_options(events)
    st.sidebar.header("Filters")
    start, end = options.first, options.last
    if start and end and start < end:
        start, end = st.sidebar.slider("Dates", min_value=start, max_value=end, value=(start, end),
                                       format="YYYY-MM-DD", key="dates")
    actors = st.sidebar.multiselect("Actor (who struck)", options.actors, format_func=ds.label, key="actors",
                                    placeholder="All actors")
    targets = st.sidebar.multiselect("Target country", options.targets, format_func=ds.label, key="targets",
                                     placeholder="All countries")
    precisions = st.sidebar.multiselect("Place precision", options.precisions, key="precisions",
                                        placeholder="Any precision")
    weapons = st.sidebar.multiselect("Weapon", options.weapons, key="weapons", placeholder="Any weapon")
    undated = st.sidebar.checkbox("Include strikes with no known date", value=True, key="undated")
    return ds.Filters(start if start != options.first else None, end if end != options.last else None,
                      tuple(actors), tuple(targets), tuple(precisions), tuple(weapons), undated)


def sidebar_downloads(events: list[Event], key: str) -> None:
    st.sidebar.header("Download this view")
    st.sidebar.caption(f"{len(events)} strike{'s' if len(events) != 1 else ''}, as filtered above.")
    for kind, (filename, mime) in ds.DOWNLOADS.items():
        # Deferred: the file is written only when someone clicks, not on every rerun.
        st.sidebar.download_button(kind, data=lambda kind=kind: ds.export_bytes(events, kind), file_name=filename,
                                   mime=mime, key=f"download-{kind}", on_click="ignore", width="stretch")


# ---------------------------------------------------------------- main panels

def headline(events: list[Event], shown: list[Event]) -> None:
    st.html(STYLE)
    st.title("Strike Map")
    st.caption("Cross-border military strikes found in news articles, geocoded offline. Precision is never "
               "invented: towns are dots, areas are circles, country-only reports hatch the country.")
    options = ds.filter_options(shown)
    cols = st.columns([1, 1, 1, 2])
    cols[0].metric(f"Strikes shown (of {len(events)})", len(shown))
    cols[1].metric("Actors", len(options.actors))
    cols[2].metric("Countries struck", len(options.targets))
    span = f"{options.first:%b %Y} – {options.last:%b %Y}" if options.first and options.last else "—"
    cols[3].metric("Period", span)


def timeline(shown: list[Event]) -> None:
    frame = ds.timeline_frame(shown)
    if frame.empty:
        st.info("No dated strikes in this view.")
        return
    colors = ds.actor_colors(shown)
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("day:T", title=None), y=alt.Y("sum(strikes):Q", title="strikes per day", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("actor:N", title="Actor", scale=alt.Scale(domain=list(colors), range=list(colors.values()))),
        tooltip=["day:T", "actor:N", "strikes:Q"])
    st.altair_chart(chart.properties(height=180), width="stretch")


def event_table(shown: list[Event], key: str) -> Event | None:
    frame = table(shown, key)
    picked = st.dataframe(frame, hide_index=True, on_select="rerun", selection_mode="single-row", key="table",
                          height=min(420, 38 + 35 * max(len(frame), 1)), width="stretch",
                          column_config={"confidence": st.column_config.ProgressColumn(
                              "confidence", min_value=0.0, max_value=1.0, format="%.2f"),
                              "event_id": st.column_config.TextColumn("id")})
    rows = picked.selection.rows if picked else []
    if rows and rows[0] < len(frame):
        chosen = frame.iloc[rows[0]]["event_id"]
        st.session_state["selected"] = chosen
    selected = st.session_state.get("selected")
    return next((e for e in shown if e.event_id == selected), None)


def details(event: Event | None) -> None:
    if event is None:
        st.info("Choose a strike in the table to see the sentences and sources behind it.")
        return
    facts = ds.describe(event)
    st.subheader(facts["title"])
    st.markdown(f"**Where:** {ds.md_escape(facts['place'])} — *{facts['place_precision']}*"
                + (f", {ds.md_escape(facts['admin1'])}" if facts["admin1"] else "")
                + (f" (text: “{ds.md_escape(facts['place_said'])}”)" if facts["place_said"] else ""))
    st.markdown(f"**When:** {ds.md_escape(facts['date'])} — *{facts['date_precision']}*"
                + (f" (text: “{ds.md_escape(facts['date_said'])}”)" if facts["date_said"] else ""))
    if facts["weapons"]:
        st.markdown(f"**With:** {ds.md_escape(', '.join(facts['weapons']))}")
    if facts["target"]:
        st.markdown(f"**At:** {ds.md_escape(facts['target'])}")
    for source in facts["sources"]:
        with st.container(border=True):
            title = ds.md_escape(source["title"])
            st.markdown(f"**[{title}]({source['url']})**" if source["url"] else f"**{title}**")
            st.caption(f"published {source['published'] or 'unknown'}")
            for sentence in source["evidence"]:
                st.markdown(f"> {ds.md_escape(sentence)}")


# ---------------------------------------------------------------- adding articles

def add_articles(the_store: EventStore) -> None:
    st.markdown("Paste an article, upload files (.txt, .md, .html) or fetch a web page. "
                "New strikes are fused with the ones already stored.")
    text = st.text_area("Article text", height=160, key="paste",
                        placeholder="Paste a news article: headline first, then the story…")
    files = st.file_uploader("Article files", type=["txt", "md", "html", "htm"], accept_multiple_files=True,
                             key="files")
    left, right = st.columns([1, 3])
    online = left.checkbox("online", key="online", help="Allow fetching a URL from the internet (http/https only).")
    url = right.text_input("Web page URL", key="url", disabled=not online, placeholder="https://…")
    published = st.date_input("Publication date (used for 'yesterday', 'on Monday'…)", value=None, key="published",
                              format="YYYY-MM-DD")
    if st.button("Extract and add", type="primary", key="extract"):
        uploads = [ds.Upload(f.name, f.getvalue()) for f in files or []]
        if text.strip():
            uploads.append(ds.Upload("pasted article", text.encode("utf-8")))
        run_ingest(the_store, uploads, url if online and url.strip() else None, published)


def run_ingest(the_store: EventStore, uploads: list[ds.Upload], url: str | None, published: date | None) -> None:
    errors: list[str] = []
    with st.status("Reading articles…", expanded=True) as status:
        if url:
            try:
                fetched = ds.fetch_url(url.strip())
                uploads.append(ds.Upload(fetched.url, fetched.data, fetched.url))
            except GeoError as exc:
                errors.append(str(exc))
        if not uploads and not errors:
            status.update(label="Nothing to read: paste text, choose files or give a URL.", state="error")
            return
        bar = st.progress(0.0)
        try:
            result = ds.ingest(pipeline(), the_store, uploads, published=published,
                               progress=lambda name, done, total: bar.progress(done / total, text=ds.plain_text(name)))
        except GeoError as exc:
            status.update(label=f"Could not add the articles: {ds.plain_text(exc)}", state="error")
            return
        status.update(label="Done", state="complete")
    errors += result.errors
    ok = len(result.reports) - len(result.errors)
    flash("success" if result.found else "warning",
          f"Read {ok} article{'s' if ok != 1 else ''}: {result.found} strike report{'s' if result.found != 1 else ''}"
          f" found, {result.changed} stored event{'s' if result.changed != 1 else ''} added or updated.")
    for error in errors:
        flash("error", error)
    for key in ("paste", "url"):
        st.session_state.pop(key, None)
    st.rerun()


# ---------------------------------------------------------------- review

def review(the_store: EventStore, recs: list[Record], selected: Event | None) -> None:
    if not recs:
        st.info("No events stored.")
        return
    ids = [r.event.event_id for r in recs]
    by_id = {r.event.event_id: r for r in recs}
    index = ids.index(selected.event_id) if selected and selected.event_id in by_id else 0
    event_id = st.selectbox("Event", ids, index=index, format_func=lambda i: _name(by_id[i].event), key="review_id")
    record = by_id[event_id]
    event = record.event
    options = ds.filter_options([r.event for r in recs])
    codes = sorted({*options.actors, *options.targets, event.actor, event.target_country})
    form_key = f"{event_id}-{record.version}"  # a fresh form whenever the stored event changes
    with st.form(f"edit-{form_key}"):
        a, b = st.columns(2)
        a.selectbox("Actor", codes, index=codes.index(event.actor), format_func=ds.label, key=f"actor-{form_key}")
        b.selectbox("Target country", codes, index=codes.index(event.target_country), format_func=ds.label,
                    key=f"target-{form_key}")
        a.text_input("Place (re-geocoded in the target country; empty = country only)",
                     value=event.place.name if event.place else "", key=f"place-{form_key}")
        b.selectbox("Place precision", [p.value for p in Precision], index=list(Precision).index(event.precision),
                    key=f"precision-{form_key}")
        a.date_input("Earliest date", value=event.date.earliest, key=f"earliest-{form_key}", format="YYYY-MM-DD")
        b.date_input("Latest date", value=event.date.latest, key=f"latest-{form_key}", format="YYYY-MM-DD")
        st.selectbox("Date precision", [p.value for p in DatePrecision],
                     index=list(DatePrecision).index(event.date.precision), key=f"dprec-{form_key}")
        # args are bound now, so the save checks the version this person actually saw
        st.form_submit_button("Save changes", type="primary", on_click=save_edit,
                              args=(the_store, event, record.version, form_key))
    left, right = st.columns(2)
    left.button("Delete this event", on_click=delete_event, args=(the_store, event_id, record.version),
                key=f"delete-{form_key}")
    others = [i for i in ids if i != event_id]
    if others:
        other = right.selectbox("Merge another event into this one", others, key=f"merge-{form_key}",
                                format_func=lambda i: _name(by_id[i].event))
        right.button("Merge", on_click=merge_events, args=(the_store, event_id, other), key=f"merge-btn-{form_key}")


def _name(event: Event) -> str:
    place = event.place.name if event.place else "(country only)"
    return f"{event.date.earliest or '?'} · {event.actor} → {event.target_country} · {place}"


def save_edit(the_store: EventStore, event: Event, version: int, form_key: str) -> None:
    state = st.session_state
    wanted = {"actor": state[f"actor-{form_key}"], "target_country": state[f"target-{form_key}"],
              "place": state[f"place-{form_key}"].strip(), "precision": state[f"precision-{form_key}"],
              "date_earliest": state[f"earliest-{form_key}"], "date_latest": state[f"latest-{form_key}"],
              "date_precision": state[f"dprec-{form_key}"]}
    current = {"actor": event.actor, "target_country": event.target_country,
               "place": event.place.name if event.place else "", "precision": event.precision.value,
               "date_earliest": event.date.earliest, "date_latest": event.date.latest,
               "date_precision": event.date.precision.value}
    changes = {k: v for k, v in wanted.items() if v != current[k]}
    if "place" in changes and "precision" in changes and changes["precision"] == current["precision"]:
        changes.pop("precision")
    if not changes:
        flash("info", "Nothing to save: no field was changed.")
        return
    act(lambda: the_store.update(event.event_id, expected_version=version, **changes), "Saved.")


def delete_event(the_store: EventStore, event_id: str, version: int) -> None:
    act(lambda: the_store.delete(event_id, expected_version=version), "Deleted.")
    st.session_state.pop("selected", None)


def merge_events(the_store: EventStore, keep: str, other: str) -> None:
    act(lambda: the_store.merge(keep, other), "Merged.")


def act(action, done: str) -> None:
    """Run a store action; one line for the person, never a traceback."""
    try:
        action()
        flash("success", done)
    except StaleEdit as exc:
        flash("warning", str(exc))
    except (GeoError, StorageError) as exc:
        flash("error", str(exc))


def history(the_store: EventStore) -> None:
    rows = [{"when (UTC)": c.at, "action": c.action, "event": c.event_id, "details": str(c.detail)}
            for c in the_store.history(limit=200)]
    st.dataframe(rows, hide_index=True, width="stretch")


# ---------------------------------------------------------------- the page

def main() -> None:
    directory = str(ds.data_dir())
    try:
        the_store = store(directory)
        recs = records(the_store, directory, the_store.revision())
    except GeoError as exc:
        st.error(f"Strike Map cannot start: {ds.plain_text(exc)}")
        st.stop()
    for notice in the_store.notices():  # an emptied store file, damaged rows set aside
        st.warning(ds.plain_text(notice))
    events = [r.event for r in recs]
    filters = sidebar_filters(events)
    shown = ds.filter_events(events, filters)
    key = repr((directory, the_store.revision(), filters))  # a plain string: cheap and safe to hash
    sidebar_downloads(shown, key)
    headline(events, shown)
    show_flashes()
    map_col, side_col = st.columns([3, 1], gap="medium")
    with map_col:
        show_map(map_html(shown, key))
        timeline(shown)
    tabs = st.tabs(["Events", "Add articles", "Review", "History"])
    with tabs[0]:
        selected = event_table(shown, key)
    with side_col:
        st.markdown("##### Selected strike")
        details(selected)
    with tabs[1]:
        add_articles(the_store)
    with tabs[2]:
        review(the_store, recs, selected)
    with tabs[3]:
        history(the_store)


try:
    main()
except Exception as exc:  # noqa: BLE001 — the last guard: one line for the person, the traceback in the log
    import logging

    if type(exc).__module__.startswith("streamlit"):  # st.stop / st.rerun control flow
        raise
    logging.getLogger("strikemap").exception("app failed")
    st.error(ds.plain_text(f"Something went wrong: {exc}" if os.environ.get("STRIKEMAP_DEBUG") is None
                           else repr(exc)))
