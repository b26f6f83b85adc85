"""Strike Map, the Streamlit app: ``streamlit run app.py``, then open http://localhost:8501.

A thin shell: widgets -> ``geo`` (:mod:`~geo.app.dataset`, :mod:`~geo.app.views`, :mod:`~geo.app.review`,
:mod:`~geo.app.text`) -> map, charts, table, downloads. The map is our component (``geo/maps/static/``): Leaflet
and the borders load once, each rerun sends only the view's data. The view lives in the URL (:mod:`geo.app.views`).
"""

from __future__ import annotations

import os
from datetime import date

import streamlit as st
import streamlit.components.v1 as components

from geo.app import dataset as ds
from geo.app import review as rv
from geo.app import text as app_text
from geo.app import views
from geo.app.component import component_dir, tiles
from geo.app.store import EventStore, Record
from geo.app.text import event_name
from geo.errors import GeoError
from geo.maps.assets import static_text
from geo.models import DatePrecision, Event, Precision

st.set_page_config(layout="wide", page_title="Strike Map", page_icon="🎯")
MAP_HEIGHT, MAP_HEIGHT_NARROW = 620, 440
TABS = ["Events", "Add articles", "Review", "History"]
ICONS = {"success": "✅", "info": "ℹ️", "warning": "⚠️", "error": "🚫"}
FILTERS = (("actors", "Actor (who struck)", "All actors"), ("targets", "Target country", "All countries"),
           ("precisions", "Place precision", "Any precision"), ("weapons", "Weapon", "Any weapon"))


# ---------------------------------------------------------------- loaded once per process

@st.cache_resource(show_spinner="Opening the offline gazetteer…")
def pipeline():
    from geo.extract.pipeline import Pipeline

    return Pipeline()


@st.cache_resource(show_spinner="Opening the event store…")
def store(directory: str) -> EventStore:
    # Keyed by directory so tests (and users) pointing STRIKEMAP_DATA elsewhere get their own store. The
    # pipeline is passed, not called: a first visit reads no article (the sample comes from the cache).
    return ds.open_app_store(pipeline, directory=directory)


@st.cache_resource(show_spinner=False)
def map_component():
    return components.declare_component("strike_map", path=str(component_dir()))


# Frozen values shared by every session, handed out as they are (cache_data unpickled 1,000 events per rerun).
@st.cache_resource(show_spinner=False, max_entries=8)
def records(_store: EventStore, directory: str, revision: int) -> tuple[Record, ...]:
    return tuple(_store.records())


@st.cache_resource(show_spinner=False, max_entries=32)
def payload(_events: list[Event], key: str) -> str:
    import json

    from geo.maps.payload import map_payload

    # Borders come once, as a file; the evidence is shown beside the map, so no popup data is sent.
    return json.dumps(map_payload(_events, basemap="light", countries=False, popups=False), separators=(",", ":"))


@st.cache_data(show_spinner=False, max_entries=32)
def table(_events: list[Event], key: str):
    return views.events_table(_events)


def flash(kind: str, message: str) -> None:
    """A message shown as a toast after the next rerun (actions rerun the script to redraw everything)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("flash", []):
        st.toast(ds.plain_text(message), icon=ICONS[kind],  # outside text (file names, URLs): never Markdown
                 duration="long" if kind in ("warning", "error") else "short")


def act(outcome: rv.Outcome) -> bool:
    """Say what a store action did (one line, never a traceback), keep its undo; True when it worked."""
    flash(outcome.kind, outcome.message)
    if outcome.undo is not None:
        st.session_state["undo"] = outcome.undo
    return outcome.ok


# ---------------------------------------------------------------- the view in the URL

def read_url_once(options: ds.Options, known: set[str]) -> None:
    """On a session's first run, set the filter widgets (and the chosen strike) from the URL."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    widgets = views.url_widgets({k: st.query_params.get_all(k) for k in st.query_params}, options, known)
    st.session_state.update(widgets.values)
    for problem in widgets.problems:
        flash("warning", f"Link: {problem}")


def write_url(filters: ds.Filters, selected: str | None) -> None:
    """Keep the URL naming this view, so copying it shares it (the ``tab`` parameter is Streamlit's)."""
    changed, gone = views.query_updates({name: st.query_params.get(name) for name in st.query_params},
                                        views.to_query(filters, event=selected))
    st.query_params.update(changed)
    for name in gone:
        del st.query_params[name]


# ---------------------------------------------------------------- sidebar: filters, downloads, undo

def sidebar_filters(options: ds.Options) -> ds.Filters:
    st.sidebar.header("Filters")
    dates = (options.first, options.last)
    if options.first and options.last and options.first < options.last:
        st.session_state["dates"] = views.date_window(st.session_state.get("dates"),
                                                      st.session_state.get("date_bounds"), dates)
        st.session_state["date_bounds"] = dates  # the whole range grows with the data
        dates = st.sidebar.slider("Dates", min_value=dates[0], max_value=dates[1], format="YYYY-MM-DD", key="dates")
    chosen = {}
    for key, label, placeholder in FILTERS:
        present = getattr(options, key)
        if key in st.session_state:  # a choice whose last strike was deleted or merged away drops out
            st.session_state[key] = [v for v in st.session_state[key] if v in present]
        chosen[key] = st.sidebar.multiselect(label, present, key=key, placeholder=placeholder,
                                             format_func=ds.label if key in ("actors", "targets") else str)
    undated = st.sidebar.checkbox("Include strikes with no known date", key="undated")
    return views.widget_filters(options, dates, undated=undated, **chosen)


def sidebar_actions(the_store: EventStore, shown: list[Event], undo_box, downloads_box, sample_box) -> None:
    """Undo the last delete or merge, download the view, bring the sample strikes back."""
    action: rv.Undo | None = st.session_state.get("undo")

    def undone() -> None:
        st.session_state.pop("undo", None)
        act(rv.attempt(lambda: rv.undo(the_store, action), action.done))

    if action is not None:
        with undo_box.container(border=True):
            st.caption(ds.plain_text(action.message))
            st.button("Undo", key="undo-btn", on_click=undone, icon="↩️")
    downloads_box.subheader("Download this view")
    downloads_box.caption(f"{len(shown)} strike{'s' if len(shown) != 1 else ''}, as filtered below.")
    columns = downloads_box.columns(2)
    for i, (kind, (filename, mime)) in enumerate(ds.DOWNLOADS.items()):
        # Written only when clicked: a filter change never waits for four files the browser never asked for.
        columns[i % 2].download_button(kind, data=lambda kind=kind: ds.export_bytes(shown, kind), file_name=filename,
                                       mime=mime, key=f"download-{kind}", on_click="ignore", width="stretch")
    sample_box.subheader("Sample data")
    sample_box.button("Restore sample data", key="restore", help="Bring back the strikes of the bundled sample "
                      "articles (deleted ones return).", on_click=lambda: act(rv.attempt(
                          lambda: rv.restore_sample(the_store, pipeline()), "Sample data restored.")))


# ---------------------------------------------------------------- main panels

def headline(events: list[Event], shown: list[Event]) -> None:
    st.html(f"<style>{static_text('app.css')}</style>")
    st.title("Strike Map")
    st.caption("Cross-border military strikes found in news articles, geocoded offline. Precision is never "
               "invented: towns are dots, areas are circles, country-only reports hatch the country.")
    for column, figure in zip(st.container(key="figures").columns([1, 1, 1, 1, 2]),
                              views.headline_figures(events, shown), strict=True):
        column.metric(figure.label, figure.value, help=figure.help)


@st.fragment
def live_map(shown: list[Event], key: str) -> None:
    def spoke() -> None:  # {"event": id | None, "n": clicks}: a strike clicked, or (the first time) "drawn"
        if isinstance(value := st.session_state.get("map"), dict) and value.get("event"):
            st.session_state["selected"] = value["event"]
        st.session_state["map_spoke"] = True

    # Text, not dicts: Streamlit asks pandas whether a dict argument is a table, and importing pandas
    # would hold the map back by half a second on a first visit.
    map_component()(payload=payload(shown, key), view=key, selected=st.session_state.get("selected"), tiles=tiles(),
                    height=MAP_HEIGHT, narrow_height=MAP_HEIGHT_NARROW, key="map", default=None, on_change=spoke)
    # The map speaks in a run of this fragment alone, which waits for a run in progress instead of cutting it
    # short (a page rerun would, and an "Extract and add" clicked meanwhile would be lost); the page then
    # follows: the clicked strike's evidence and link, or the charts and table after the first draw.
    if st.session_state.pop("map_spoke", False):
        st.rerun()


def map_ready() -> bool:
    """Whether the live map has drawn its first view (it then sends a value), or there is no browser to wait for.

    A first visit draws the map alone: the charts' Vega and the table's data grid are ~2 MB of JavaScript that
    the browser parses in the map's thread, and drawn together they held the first map back by about a second.
    """
    return st.session_state.get("map") is not None or not st.context.headers


def details(event: Event | None) -> None:
    if event is None:
        st.info("Click a strike on the map or choose a row in the table to see the sentences and sources behind it.")
        return
    text = app_text.evidence_text(event)  # escaped: article text never becomes a link or a heading
    st.subheader(text.title)
    st.markdown("\n\n".join(text.facts))
    for source in text.sources:
        box = st.container(border=True)
        box.markdown(source.heading)
        box.caption(source.published)
        box.markdown(source.quotes)


def charts(shown: list[Event]) -> None:
    from geo.app import charts as app_charts  # altair: imported once the map has been sent

    timeline = app_charts.timeline_chart(shown)
    if timeline is None:
        st.info("No dated strikes in this view.")
    else:
        st.altair_chart(timeline, width="stretch")
    for column, (title, bars, height) in zip(st.columns(2), app_charts.count_charts(shown), strict=False):
        column.caption(title)
        column.altair_chart(bars, height=height, width="stretch")


def event_table(shown: list[Event], key: str) -> None:
    frame = table(shown, key)

    def chosen() -> None:  # a table row: the map centres on its strike
        if (rows := st.session_state["table"].selection.rows) and rows[0] < len(frame):
            st.session_state["selected"] = frame["event_id"].iloc[rows[0]]

    st.dataframe(views.table_style(frame, shown), hide_index=True, on_select=chosen, selection_mode="single-row",
                 key="table", height=min(420, 38 + 35 * max(len(frame), 1)), width="stretch",
                 column_config={"confidence": st.column_config.ProgressColumn(
                     "confidence", min_value=0.0, max_value=1.0, format="%.2f"),
                     "event_id": st.column_config.TextColumn("id")})


# ---------------------------------------------------------------- adding articles

def add_articles(the_store: EventStore) -> None:
    if pending := st.session_state.get("pending"):  # read without a publication date: they wait for one
        with st.container(border=True):
            st.warning(app_text.waiting_text([u.name for u in pending]))
            day = st.date_input("Publication date of these articles", value=None, key="pending_date",
                                format="YYYY-MM-DD")
            left, right = st.columns(2)
            add = left.button("Add with this date", type="primary", key="pending_add")
            if add and day is None:
                st.warning("Choose the publication date first.")
            elif add or right.button("Add without a date", key="pending_skip"):
                st.session_state.pop("pending")
                run_ingest(the_store, pending, None, day if add else None, ask_dates=False)
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
        uploads = [ds.Upload(f.name, f.getvalue()) for f in files or []] + (
            [ds.Upload("pasted article", text.encode("utf-8"))] if text.strip() else [])
        run_ingest(the_store, uploads, url.strip() if online and url.strip() else None, published)


def run_ingest(the_store: EventStore, uploads: list[ds.Upload], url: str | None, published: date | None, *,
               ask_dates: bool = True) -> None:
    with st.status("Reading articles…", expanded=True) as status:
        if not uploads and not url:
            status.update(label="Nothing to read: paste text, choose files or give a URL.", state="error")
            return
        bar = st.progress(0.0)
        try:
            done = rv.ingest(pipeline(), the_store, uploads, url=url, published=published, ask_dates=ask_dates,
                             progress=lambda name, n, total: bar.progress(n / total, text=ds.plain_text(name)))
        except GeoError as exc:
            status.update(label=f"Could not add the articles: {ds.plain_text(exc)}", state="error")
            return
        status.update(label="Done", state="complete")
    st.session_state["pending"] = list(done.waiting)
    for kind, message in done.messages():
        flash(kind, message)
    for key in ("paste", "url"):
        st.session_state.pop(key, None)
    st.rerun()


# ---------------------------------------------------------------- review

def review(the_store: EventStore, recs: tuple[Record, ...], selected: Event | None) -> None:
    if not recs:
        st.info("No events stored. “Restore sample data” in the sidebar brings the sample back.")
        return
    by_id = {r.event.event_id: r for r in recs}
    ids = list(by_id)
    index = ids.index(selected.event_id) if selected and selected.event_id in by_id else 0
    event_id = st.selectbox("Event", ids, index=index, format_func=lambda i: event_name(by_id[i].event),
                            key="review_id")
    record = by_id[event_id]
    edit_form(the_store, record, ds.filter_options([r.event for r in recs]))
    if (asked := st.session_state.get("confirm")) and asked[1] == event_id:
        confirm_box(the_store, rv.proposal(asked, by_id))
        return
    form_key = f"{event_id}-{record.version}"
    left, right = st.columns(2)
    ask = st.session_state.__setitem__  # the question waits in the session: ("delete" | "merge", id, extra)
    left.button("Delete this event", on_click=ask, args=("confirm", ("delete", event_id, record.version)),
                key=f"delete-{form_key}")
    if others := [i for i in ids if i != event_id]:
        other = right.selectbox("Merge another event into this one", others, key=f"merge-{form_key}",
                                format_func=lambda i: event_name(by_id[i].event))
        right.button("Merge", on_click=ask, args=("confirm", ("merge", event_id, other)), key=f"merge-btn-{form_key}")


def edit_form(the_store: EventStore, record: Record, options: ds.Options) -> None:
    event, version = record.event, record.version  # the save checks the version this person actually saw
    codes = sorted({*options.actors, *options.targets, event.actor, event.target_country})
    form_key = f"{event.event_id}-{version}"  # a fresh form whenever the stored event changes

    def save() -> None:  # each widget is keyed "<field>-<form key>", by the stored field it edits
        act(rv.save(the_store, event, version, {f: st.session_state[f"{f}-{form_key}"] for f in rv.EDITABLE}))

    with st.form(f"edit-{form_key}"):
        a, b = st.columns(2)
        a.selectbox("Actor", codes, index=codes.index(event.actor), format_func=ds.label, key=f"actor-{form_key}")
        b.selectbox("Target country", codes, index=codes.index(event.target_country), format_func=ds.label,
                    key=f"target_country-{form_key}")
        a.text_input("Place (re-geocoded in the target country; empty = country only)",
                     value=event.place.name if event.place else "", key=f"place-{form_key}")
        b.selectbox("Place precision", [p.value for p in Precision], index=list(Precision).index(event.precision),
                    key=f"precision-{form_key}")
        a.date_input("Earliest date", value=event.date.earliest, key=f"date_earliest-{form_key}", format="YYYY-MM-DD")
        b.date_input("Latest date", value=event.date.latest, key=f"date_latest-{form_key}", format="YYYY-MM-DD")
        st.selectbox("Date precision", [p.value for p in DatePrecision],
                     index=list(DatePrecision).index(event.date.precision), key=f"date_precision-{form_key}")
        st.form_submit_button("Save changes", type="primary", on_click=save)


def confirm_box(the_store: EventStore, proposal: rv.Proposal) -> None:
    def yes() -> None:
        st.session_state.pop("confirm", None)
        if act(proposal.carry_out(the_store)) and proposal.action == "delete":
            st.session_state.pop("selected", None)

    with st.container(border=True):
        st.warning(proposal.question)
        left, right = st.columns(2)
        left.button(proposal.yes, type="primary", on_click=yes, key="confirm-yes")
        right.button("Cancel", on_click=lambda: st.session_state.pop("confirm", None), key="confirm-no")


def history(the_store: EventStore) -> None:
    if lines := [rv.history_sentence(c) for c in the_store.history(limit=200)]:
        st.markdown("\n".join(f"- {ds.md_escape(line)}" for line in lines))
    else:
        st.info("Nothing has happened yet.")


# ---------------------------------------------------------------- the page

def main() -> None:
    directory = str(ds.data_dir())
    try:
        the_store = store(directory)
        recs = records(the_store, directory, revision := the_store.revision())
    except GeoError as exc:
        st.error(f"Strike Map cannot start: {ds.plain_text(exc)}")
        st.stop()
    for notice in the_store.notices():  # an emptied store file, damaged rows set aside
        st.warning(ds.plain_text(notice))
    events = [r.event for r in recs]
    options = ds.filter_options(events)
    read_url_once(options, {e.event_id for e in events})
    # Downloads and undo sit above the filters: a filter box grows while focused and shrinks on the next
    # click, which moved buttons below it away from under the pointer (a lost first click).
    undo_box, downloads_box = st.sidebar.container(), st.sidebar.container()
    filters = sidebar_filters(options)
    shown = ds.filter_events(events, filters)
    key = views.view_key(directory, revision, filters)  # a plain string: cheap and safe to hash
    selected = next((e for e in shown if e.event_id == st.session_state.get("selected")), None)
    write_url(filters, selected.event_id if selected else None)
    sample_box = st.sidebar.container()
    headline(events, shown)
    show_flashes()
    st.session_state.pop("map_spoke", None)  # a page run draws everything already
    map_col, side_col = st.columns([3, 1], gap="medium")
    with map_col:
        live_map(shown, key)
    with side_col:
        st.markdown("##### Selected strike")
        details(selected)
    # The charts' place exists from the first run on, empty until the map has drawn: the elements below keep
    # their places, so a widget in use there (an upload under way) is not rebuilt when the charts come.
    charts_box = st.container()
    if ready := map_ready():
        with charts_box:
            charts(shown)
    # Bound to the URL: the open tab survives every action (and a shared link opens on it).
    tabs = st.tabs(TABS, key="tab", bind="query-params")
    with tabs[0]:  # the table is always drawn (once the map is): its rows and the map select each other
        if ready:
            event_table(shown, key)
    # The other tabs are drawn when open (opening one reruns the page): a first visit loads no upload, date
    # or form widgets, and the history is read only when asked for.
    for tab, draw in zip(tabs[1:], (lambda: add_articles(the_store), lambda: review(the_store, recs, selected),
                                    lambda: history(the_store)), strict=True):
        if tab.open is not False:
            with tab:
                draw()
    sidebar_actions(the_store, shown, undo_box, downloads_box, sample_box)  # last: never delays the map


try:
    main()
except Exception as exc:  # noqa: BLE001 — the last guard: one line for the person, the traceback in the log
    import logging

    if type(exc).__module__.startswith("streamlit"):  # st.stop / st.rerun control flow
        raise
    logging.getLogger("strikemap").exception("app failed")
    st.error(ds.plain_text(f"Something went wrong: {exc}" if os.environ.get("STRIKEMAP_DEBUG") is None
                           else repr(exc)))
