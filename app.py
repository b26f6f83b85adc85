"""Strike Map, the Streamlit app: ``streamlit run app.py``, then open http://localhost:8501.

A thin shell: widgets -> :mod:`geo.dataset`, :mod:`geo.views`, :mod:`geo.review` -> map, charts,
table, downloads. Everything worth testing lives in ``geo/``. Heavy things load once per process
(``st.cache_resource``: pipeline, gazetteer, store, the map page); derived views are cached per
store revision and filter (``st.cache_data``), so a rerun never re-extracts or re-geocodes.

The map is a small component of our own (``geo/static/component.html``, served from a folder
assembled by :func:`geo.map_component.component_dir`): its page loads Leaflet (from the XStatic-Leaflet
wheel) and the country borders once; each rerun only sends the view's drawing data, so a filter
change redraws the live map instead of reloading a page. Clicking a strike sends its id back
(the evidence panel opens); choosing a table row centres the map on it; panning and zooming send
nothing, so they never rerun the script. The view lives in the URL (:mod:`geo.views`).
"""

from __future__ import annotations

import os
from datetime import date

import altair as alt
import streamlit as st
import streamlit.components.v1 as components

from geo import dataset as ds
from geo import review as rv
from geo import views
from geo.errors import GeoError, StorageError
from geo.models import DatePrecision, Event, Precision
from geo.store import EventStore, Record, StaleEdit

st.set_page_config(layout="wide", page_title="Strike Map", page_icon="🎯")
MAP_HEIGHT, MAP_HEIGHT_NARROW = 620, 440
TABS = ["Events", "Add articles", "Review", "History"]
# A dashboard, not a document: less white space above the fold so the map is seen first.
STYLE = ("<style>.block-container{padding-top:2.2rem;padding-bottom:2rem}"
         "[data-testid=stMetricValue]{font-size:1.6rem}"
         # On a phone the five figures sit two or three to a row instead of one per screen line.
         "@media (max-width:640px){.st-key-figures [data-testid=stColumn]{min-width:30%!important;"
         "flex:1 1 30%!important;width:auto!important}.st-key-figures [data-testid=stMetricValue]{font-size:1.2rem}"
         "h1{font-size:1.8rem!important}}</style>")
EAGER_DOWNLOADS = ("GeoJSON", "CSV")
ICONS = {"success": "✅", "info": "ℹ️", "warning": "⚠️", "error": "🚫"}


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


@st.cache_resource(show_spinner=False)
def map_component():
    from geo.map_component import component_dir

    return components.declare_component("strike_map", path=str(component_dir()))


@st.cache_data(show_spinner=False, max_entries=8)
def records(_store: EventStore, directory: str, revision: int) -> list[Record]:
    return _store.records()


@st.cache_data(show_spinner=False, max_entries=32)
def payload(_events: list[Event], key: str) -> dict:
    from geo.rendering import map_payload

    # Borders come once, as a file; the evidence is shown beside the map, so no popup data is sent.
    return map_payload(_events, basemap="light", countries=False, popups=False)


@st.cache_data(show_spinner=False, max_entries=32)
def table(_events: list[Event], key: str):
    return views.events_table(_events)


@st.cache_data(show_spinner=False, max_entries=64)
def export(_events: list[Event], key: str, kind: str) -> bytes:
    return ds.export_bytes(_events, kind)


def flash(kind: str, message: str) -> None:
    """A message shown as a toast after the next rerun (actions rerun the script to redraw everything)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("flash", []):
        st.toast(ds.plain_text(message), icon=ICONS[kind],  # outside text (file names, URLs): never Markdown
                 duration="long" if kind in ("warning", "error") else "short")


# ---------------------------------------------------------------- the view in the URL

def read_url_once(options: ds.Options, known: set[str]) -> None:
    """On a session's first run, set the filter widgets (and the chosen strike) from the URL."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    view = views.parse_query({k: st.query_params.get_all(k) for k in st.query_params})
    f = view.filters
    problems = list(view.problems)
    for key, chosen, present in (("actors", f.actors, options.actors), ("targets", f.targets, options.targets),
                                 ("precisions", f.precisions, options.precisions),
                                 ("weapons", f.weapons, options.weapons)):
        if chosen:
            st.session_state[key] = [c for c in chosen if c in present]
            problems += [f"{c}: no stored strike has it" for c in chosen if c not in present]
    if (f.start or f.end) and options.first and options.last:
        start = min(max(f.start or options.first, options.first), options.last)
        end = max(min(f.end or options.last, options.last), start)
        st.session_state["dates"] = (start, end)
    st.session_state["undated"] = f.undated
    if view.event:
        st.session_state["selected"] = view.event
        if view.event not in known:
            problems.append(f"event: no stored strike has the id {view.event!r}")
    for problem in problems:
        flash("warning", f"Link: {problem}")


def write_url(filters: ds.Filters, selected: str | None) -> None:
    """Keep the URL naming this view, so copying it shares it (the ``tab`` parameter is Streamlit's)."""
    wanted = views.to_query(filters, event=selected)
    for name in ("actor", "target", "from", "to", "precision", "weapon", "undated", "event"):
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


# ---------------------------------------------------------------- sidebar: filters, downloads, undo

def sidebar_filters(events: list[Event], options: ds.Options) -> ds.Filters:
    st.sidebar.header("Filters")
    start, end = options.first, options.last
    if start and end and start < end:
        bounds = (start, end)
        chosen, before = st.session_state.get("dates"), st.session_state.get("date_bounds")
        if chosen is None or (before is not None and chosen == before):
            st.session_state["dates"] = bounds  # the whole range grows with the data
        else:
            st.session_state["dates"] = (min(max(chosen[0], start), end), max(min(chosen[1], end), start))
        st.session_state["date_bounds"] = bounds
        start, end = st.sidebar.slider("Dates", min_value=bounds[0], max_value=bounds[1], format="YYYY-MM-DD",
                                       key="dates")
    for key, present in (("actors", options.actors), ("targets", options.targets),
                         ("precisions", options.precisions), ("weapons", options.weapons)):
        if key in st.session_state:  # a choice whose last strike was deleted or merged away drops out
            st.session_state[key] = [v for v in st.session_state[key] if v in present]
    actors = st.sidebar.multiselect("Actor (who struck)", options.actors, format_func=ds.label, key="actors",
                                    placeholder="All actors")
    targets = st.sidebar.multiselect("Target country", options.targets, format_func=ds.label, key="targets",
                                     placeholder="All countries")
    precisions = st.sidebar.multiselect("Place precision", options.precisions, key="precisions",
                                        placeholder="Any precision")
    weapons = st.sidebar.multiselect("Weapon", options.weapons, key="weapons", placeholder="Any weapon")
    undated = st.sidebar.checkbox("Include strikes with no known date", key="undated")
    return ds.Filters(start if start != options.first else None, end if end != options.last else None,
                      tuple(actors), tuple(targets), tuple(precisions), tuple(weapons), undated)


def sidebar_downloads(events: list[Event], key: str) -> None:
    st.subheader("Download this view")
    st.caption(f"{len(events)} strike{'s' if len(events) != 1 else ''}, as filtered below.")
    columns = st.columns(2)
    for i, (kind, (filename, mime)) in enumerate(ds.DOWNLOADS.items()):
        # GeoJSON and CSV are cheap: ready when the button is drawn (cached per view). The HTML map and
        # GeoPackage take ~0.5 s for 1,000 strikes: written only when clicked, so a filter change never waits.
        data = export(events, key, kind) if kind in EAGER_DOWNLOADS else (
            lambda kind=kind: export(events, key, kind))
        columns[i % 2].download_button(kind, data=data, file_name=filename, mime=mime,
                                       key=f"download-{kind}", on_click="ignore", width="stretch")


def sidebar_undo(the_store: EventStore) -> None:
    action: rv.Undo | None = st.session_state.get("undo")
    if action is None:
        return
    with st.container(border=True):
        st.caption(ds.plain_text(action.message))
        st.button("Undo", key="undo-btn", on_click=do_undo, args=(the_store, action), icon="↩️")


def do_undo(the_store: EventStore, action: rv.Undo) -> None:
    st.session_state.pop("undo", None)
    act(lambda: rv.undo(the_store, action), "Undone: " + action.message[0].lower() + action.message[1:])


def sidebar_sample(the_store: EventStore) -> None:
    st.subheader("Sample data")
    st.button("Restore sample data", key="restore", on_click=restore_sample, args=(the_store,),
                      help="Bring back the strikes of the bundled sample articles (deleted ones return).")


def restore_sample(the_store: EventStore) -> None:
    act(lambda: rv.restore_sample(the_store, pipeline()), "Sample data restored.")


# ---------------------------------------------------------------- main panels

def headline(events: list[Event], shown: list[Event], options: ds.Options) -> None:
    st.html(STYLE)
    st.title("Strike Map")
    st.caption("Cross-border military strikes found in news articles, geocoded offline. Precision is never "
               "invented: towns are dots, areas are circles, country-only reports hatch the country.")
    totals = views.fatality_totals(shown)
    cols = st.container(key="figures").columns([1, 1, 1, 1, 2])
    cols[0].metric(f"Strikes shown (of {len(events)})", len(shown))
    cols[1].metric("Reported killed", totals.killed,
                   help=f"Sum of the figures reported for {totals.reported} of {totals.strikes} strikes; "
                        "a strike without a figure is not counted as zero.")
    cols[2].metric("Actors", len(options.actors))
    cols[3].metric("Countries struck", len(options.targets))
    span = f"{options.first:%b %Y} – {options.last:%b %Y}" if options.first and options.last else "—"
    cols[4].metric("Period", span)


def live_map(shown: list[Event], key: str) -> None:
    data = payload(shown, key)
    selected = st.session_state.get("selected")
    from geo.rendering import BASEMAPS

    light = BASEMAPS["light"]
    map_component()(payload=data, view=key, selected=selected, height=MAP_HEIGHT, narrow_height=MAP_HEIGHT_NARROW,
                    tiles={"url": light["tiles"], "attr": light["attr"]}, key="map", default=None,
                    on_change=map_clicked)


def map_clicked() -> None:
    value = st.session_state.get("map")
    if isinstance(value, dict) and value.get("event"):
        st.session_state["selected"] = value["event"]


def charts(shown: list[Event]) -> None:
    frame = ds.timeline_frame(shown)
    colors = views.legend_colors(shown)
    if frame.empty:
        st.info("No dated strikes in this view.")
    else:
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=True, tickCount="month")),
            y=alt.Y("sum(strikes):Q", title="per day", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("actor:N", title="Actor", scale=alt.Scale(domain=list(colors), range=list(colors.values())),
                            legend=alt.Legend(orient="bottom")),
            tooltip=["day:T", "actor:N", "strikes:Q"])
        st.altair_chart(chart.properties(height=170), width="stretch")
    left, right = st.columns(2)
    for column, by, title in ((left, "target", "strikes per struck country"), (right, "actor", "strikes per actor")):
        counted = views.counts(shown, by)
        if counted.empty:
            continue
        column.caption(title.capitalize())
        # One bar per country, in the actor's own colour (grey for struck countries); most first.
        bars = alt.Chart(counted).mark_bar().encode(
            y=alt.Y("country:N", sort=list(counted["country"]), title=None, axis=alt.Axis(labelLimit=180)),
            x=alt.X("strikes:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("country:N", legend=None, scale=alt.Scale(domain=list(counted["country"]),
                                                                      range=list(counted["color"]))),
            tooltip=["country:N", "strikes:Q", "killed:Q"])
        column.altair_chart(bars, height=26 * len(counted) + 30, width="stretch")


def event_table(shown: list[Event], key: str) -> None:
    frame = table(shown, key)
    st.session_state["table_ids"] = list(frame["event_id"])
    colors = views.legend_colors(shown)
    styled = frame.style.map(lambda v: f"color: {colors.get(v, '#333')}; font-weight: 600", subset=["actor"])
    st.dataframe(styled, hide_index=True, on_select=row_chosen, selection_mode="single-row", key="table",
                 height=min(420, 38 + 35 * max(len(frame), 1)), width="stretch",
                 column_config={"confidence": st.column_config.ProgressColumn(
                     "confidence", min_value=0.0, max_value=1.0, format="%.2f"),
                     "event_id": st.column_config.TextColumn("id")})


def row_chosen() -> None:
    rows = st.session_state["table"].selection.rows
    ids = st.session_state.get("table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["selected"] = ids[rows[0]]


def details(event: Event | None) -> None:
    if event is None:
        st.info("Click a strike on the map or choose a row in the table to see the sentences and sources behind it.")
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
    if event.fatalities is not None:
        by = f" (reported by {ds.md_escape(event.fatalities_reported_by)})" if event.fatalities_reported_by else ""
        st.markdown(f"**Killed:** {event.fatalities}{by}")
    for source in facts["sources"]:
        with st.container(border=True):
            title = ds.md_escape(source["title"])
            st.markdown(f"**[{title}]({source['url']})**" if source["url"] else f"**{title}**")
            st.caption(f"published {source['published'] or 'unknown'}")
            for sentence in source["evidence"]:
                st.markdown(f"> {ds.md_escape(sentence)}")


# ---------------------------------------------------------------- adding articles

def add_articles(the_store: EventStore) -> None:
    pending_dates(the_store)
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


def pending_dates(the_store: EventStore) -> None:
    """Articles read without a publication date wait here for one (or for "add without a date")."""
    pending: list[ds.Upload] | None = st.session_state.get("pending")
    if not pending:
        return
    with st.container(border=True):
        names = ", ".join(u.name for u in pending)
        st.warning(f"No publication date found in: {ds.plain_text(names)}. Relative dates (“yesterday”, “on Monday”) "
                   "cannot be "
                   "placed without one. Give the date and add, or add without it.")
        day = st.date_input("Publication date of these articles", value=None, key="pending_date", format="YYYY-MM-DD")
        left, right = st.columns(2)
        if left.button("Add with this date", type="primary", key="pending_add"):
            if day is None:
                st.warning("Choose the publication date first.")
                return
            st.session_state.pop("pending")
            run_ingest(the_store, pending, None, day, check_dates=False)
        if right.button("Add without a date", key="pending_skip"):
            st.session_state.pop("pending")
            run_ingest(the_store, pending, None, None, check_dates=False)


def run_ingest(the_store: EventStore, uploads: list[ds.Upload], url: str | None, published: date | None, *,
               check_dates: bool = True) -> None:
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
        reports = rv.read_uploads(pipeline(), uploads, published=published,
                                  progress=lambda name, done, total: bar.progress(done / total,
                                                                                  text=ds.plain_text(name)))
        missing = set(rv.undated(reports)) if check_dates and published is None else set()
        if missing:
            st.session_state["pending"] = [u for u in uploads if u.name in missing]
            reports = [r for r in reports if r.name not in missing]
        try:
            changed = rv.store_reports(the_store, reports, note=", ".join(r.name for r in reports))
        except GeoError as exc:
            status.update(label=f"Could not add the articles: {ds.plain_text(exc)}", state="error")
            return
        status.update(label="Done", state="complete")
    errors += [f"{r.name}: {r.error}" for r in reports if r.error]
    ok, found = len(reports) - len([r for r in reports if r.error]), sum(len(r.events) for r in reports)
    if reports:
        flash("success" if found else "warning",
              f"Read {ok} article{'s' if ok != 1 else ''}: {found} strike report{'s' if found != 1 else ''}"
              f" found, {changed} stored event{'s' if changed != 1 else ''} added or updated.")
    if missing:
        flash("warning", f"{len(missing)} article{'s' if len(missing) != 1 else ''} without a publication date: "
                         "give one in the Add articles tab.")
    for error in errors:
        flash("error", error)
    for key in ("paste", "url"):
        st.session_state.pop(key, None)
    st.rerun()


# ---------------------------------------------------------------- review

def review(the_store: EventStore, recs: list[Record], selected: Event | None) -> None:
    if not recs:
        st.info("No events stored. “Restore sample data” in the sidebar brings the sample back.")
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
    confirm = st.session_state.get("confirm")
    if confirm and confirm[1] == event_id:
        confirm_box(the_store, confirm, by_id)
        return
    left, right = st.columns(2)
    left.button("Delete this event", on_click=ask, args=(("delete", event_id, record.version),),
                key=f"delete-{form_key}")
    others = [i for i in ids if i != event_id]
    if others:
        other = right.selectbox("Merge another event into this one", others, key=f"merge-{form_key}",
                                format_func=lambda i: _name(by_id[i].event))
        right.button("Merge", on_click=ask, args=(("merge", event_id, other),), key=f"merge-btn-{form_key}")


def ask(what: tuple) -> None:
    st.session_state["confirm"] = what


def confirm_box(the_store: EventStore, what: tuple, by_id: dict[str, Record]) -> None:
    action, event_id, extra = what
    with st.container(border=True):
        if action == "delete":
            st.warning(f"Delete {_name(by_id[event_id].event)}? It leaves every view; you can undo.")
            yes = ("Yes, delete", delete_event, (the_store, by_id[event_id], extra))
        else:
            st.warning(f"Merge {_name(by_id[extra].event)} into {_name(by_id[event_id].event)}? "
                       "Their sources are joined; you can undo.")
            yes = ("Yes, merge", merge_events, (the_store, by_id[event_id].event, by_id[extra].event))
        left, right = st.columns(2)
        left.button(yes[0], type="primary", on_click=yes[1], args=yes[2], key="confirm-yes")
        right.button("Cancel", on_click=lambda: st.session_state.pop("confirm", None), key="confirm-no")


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


def delete_event(the_store: EventStore, record: Record, version: int) -> None:
    st.session_state.pop("confirm", None)
    if act(lambda: the_store.delete(record.event.event_id, expected_version=version), "Deleted."):
        st.session_state["undo"] = rv.Undo("delete", (record.event,))
        st.session_state.pop("selected", None)


def merge_events(the_store: EventStore, keep: Event, other: Event) -> None:
    st.session_state.pop("confirm", None)
    if act(lambda: the_store.merge(keep.event_id, other.event_id), "Merged."):
        st.session_state["undo"] = rv.Undo("merge", (keep, other), keep.event_id)


def act(action, done: str) -> bool:
    """Run a store action; one line for the person, never a traceback. True when it worked."""
    try:
        action()
    except StaleEdit as exc:
        flash("warning", str(exc))
        return False
    except (GeoError, StorageError) as exc:
        flash("error", str(exc))
        return False
    flash("success", done)
    return True


def history(the_store: EventStore) -> None:
    lines = [rv.history_sentence(c) for c in the_store.history(limit=200)]
    if not lines:
        st.info("Nothing has happened yet.")
    st.markdown("\n".join(f"- {ds.md_escape(line)}" for line in lines))


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
    options = ds.filter_options(events)
    read_url_once(options, {e.event_id for e in events})
    # Downloads and undo sit above the filters: a filter box grows while focused and shrinks on the next
    # click, which moved buttons below it away from under the pointer (a lost first click).
    undo_box, downloads_box = st.sidebar.container(), st.sidebar.container()
    filters = sidebar_filters(events, options)
    shown = ds.filter_events(events, filters)
    key = views.view_key(directory, the_store.revision(), filters)  # a plain string: cheap and safe to hash
    selected = next((e for e in shown if e.event_id == st.session_state.get("selected")), None)
    write_url(filters, selected.event_id if selected else None)
    sample_box = st.sidebar.container()
    with undo_box:
        sidebar_undo(the_store)
    with sample_box:
        sidebar_sample(the_store)
    headline(events, shown, ds.filter_options(shown))
    show_flashes()
    map_col, side_col = st.columns([3, 1], gap="medium")
    with map_col:
        live_map(shown, key)
    with side_col:
        st.markdown("##### Selected strike")
        details(selected)
    charts(shown)
    # Bound to the URL: the open tab survives every action (and a shared link opens on it).
    tabs = st.tabs(TABS, key="tab", bind="query-params")
    with tabs[0]:
        event_table(shown, key)
    with tabs[1]:
        add_articles(the_store)
    with tabs[2]:
        review(the_store, recs, selected)
    with tabs[3]:
        if tabs[3].open is not False:
            history(the_store)
    with downloads_box:
        # Last: preparing the files (cached per view) never delays the map or the table.
        sidebar_downloads(shown, key)


try:
    main()
except Exception as exc:  # noqa: BLE001 — the last guard: one line for the person, the traceback in the log
    import logging

    if type(exc).__module__.startswith("streamlit"):  # st.stop / st.rerun control flow
        raise
    logging.getLogger("strikemap").exception("app failed")
    st.error(ds.plain_text(f"Something went wrong: {exc}" if os.environ.get("STRIKEMAP_DEBUG") is None
                           else repr(exc)))
