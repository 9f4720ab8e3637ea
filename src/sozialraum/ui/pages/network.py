"""Actors & network: the town's actor network, profiles, gap hints, map layer, editing, files."""

from __future__ import annotations

import html

import streamlit as st

from sozialraum.actors import ActorError, ActorKind, RelationType
from sozialraum.actors.cli import town_fields
from sozialraum.actors.exchange import (
    gephi_csv,
    import_records,
    kumu_csv,
    read_network,
    xlsx_bytes,
)
from sozialraum.actors.network import (
    NetworkFilter,
    actor_districts,
    actor_layer,
    filter_network,
    network_figure,
    selected_actor,
    town_gap_hints,
    trace_actor_ids,
)
from sozialraum.errors import DataError
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.access import can_edit, edit_access
from sozialraum.ui.common import attribution, font_size, show_map, town_banner
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view
from sozialraum.workshop.model import Sector

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
town_id = town.town.id
names = {str(i): str(n) for i, n in zip(town.districts.index, town.districts["name"], strict=True)}

st.title(t("net_heading", lang, town=escape_markup(town.town.name)))
town_banner(town, lang)
st.caption(t("net_intro", lang))

try:
    store = data.actor_store()
    actors = store.list_actors(town_id)
    relations = store.list_relations(town_id)
    fields = town_fields(store, town_id)
except Exception as exc:  # database unreachable or broken: say so, keep the app running
    if isinstance(exc, DataError):
        raise
    st.error(t("net_db_error", lang, detail=escape_markup(str(exc).splitlines()[0][:200])))
    st.stop()
field_title = {f.id: f.title for f in fields}
by_id = {a.id: a for a in actors}
where = actor_districts(actors, town.districts)

# ------------------------------------------------------------------ filters and network

c1, c2, c3 = st.columns([1.2, 1.2, 2])
field_choice = c1.selectbox(
    t("net_filter_field", lang),
    [None, *field_title],
    format_func=lambda i: t("net_all", lang) if i is None else field_title[i],
    key="w_net_field",
)
district_choice = c2.selectbox(
    t("net_filter_district", lang),
    [None, *names],
    format_func=lambda d: t("net_all", lang) if d is None else names[d],
    key="w_net_district",
)
sector_choice = c3.multiselect(
    t("net_filter_sector", lang),
    [s.value for s in Sector],
    format_func=lambda s: Sector(s).label(lang),
    key="w_net_sectors",
)
shown, shown_relations = filter_network(
    actors,
    relations,
    NetworkFilter(field_choice, district_choice, tuple(sector_choice)),
    where,
)


def _select_from_chart() -> None:
    """A click on a node opens that actor's profile."""
    actor_id = selected_actor(
        st.session_state.get("w_net_chart"), st.session_state.get("_net_trace_ids", [])
    )
    if actor_id is not None:
        st.session_state["w_net_actor"] = actor_id


if not actors:
    st.info(t("net_empty", lang))
elif not shown:
    st.info(t("net_none_match", lang))
else:
    st.caption(t("net_counts", lang, actors=len(shown), relations=len(shown_relations)))
    if st.session_state.get("w_net_actor") not in by_id:
        st.session_state["w_net_actor"] = None
    graph_col, profile_col = st.columns([2.4, 1.2], gap="medium")
    with graph_col:
        fig = network_figure(
            shown,
            shown_relations,
            lang=lang,
            selected=st.session_state.get("w_net_actor"),
            font_size=font_size(view),
        )
        st.session_state["_net_trace_ids"] = trace_actor_ids(fig)
        st.plotly_chart(
            fig,
            key="w_net_chart",
            on_select=_select_from_chart,
            selection_mode="points",
            width="stretch",
        )
    with profile_col:
        st.subheader(t("net_profile", lang))
        actor_id = st.selectbox(
            t("net_pick", lang),
            [None, *(a.id for a in actors)],
            format_func=lambda i: t("net_none", lang) if i is None else by_id[i].name,
            key="w_net_actor",
        )
        if actor_id is not None:
            actor = by_id[actor_id]
            linked = [
                (r, r.target_id if r.source_id == actor.id else r.source_id)
                for r in relations
                if actor.id in (r.source_id, r.target_id)
            ]
            rows: list[tuple[str, str]] = [
                (t("net_sector", lang), actor.sector.label(lang)),
                (t("net_kind", lang), actor.kind.label(lang)),
                (
                    t("net_districts", lang),
                    ", ".join(names.get(d, d) for d in where.get(actor.id, ())) or "–",
                ),
                (
                    t("net_fields", lang),
                    ", ".join(field_title.get(i, str(i)) for i in actor.field_ids) or "–",
                ),
                (
                    t("net_relations", lang),
                    "; ".join(
                        f"{r.type.label(lang)} ({r.strength}) – {by_id[other].name}"
                        for r, other in linked
                    )
                    or "–",
                ),
            ]
            if actor.address:
                rows.append((t("net_address", lang), actor.address))
            if actor.notes:
                rows.append((t("net_notes", lang), actor.notes))
            body = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
            st.markdown(
                f'<h4 class="sr-actor-name">{html.escape(actor.name)}</h4>'
                f'<dl class="sr-sheet">{body}</dl>',
                unsafe_allow_html=True,
            )

# ------------------------------------------------------------------ gap hints

st.header(t("net_gaps", lang))
hints, index_ok = town_gap_hints(town, actors, relations, fields, lang=lang)
if not index_ok:
    st.caption(t("net_gaps_index_missing", lang))
if hints:
    st.markdown(
        '<ul class="sr-gaps">'
        + "".join(f"<li>{html.escape(h.text(lang))}</li>" for h in hints)
        + "</ul>",
        unsafe_allow_html=True,
    )
else:
    st.caption(t("net_no_gaps", lang))

# ------------------------------------------------------------------ map

st.header(t("net_map", lang))
payload, geometry_url = data.payload(view.town_id)
show_map(
    view,
    payload,
    geometry_url,
    [actor_layer(shown, town.districts, lang=lang)],
    key=f"actors-{view.town_id}-{view.basemap}",
    attribution=town.town.attribution,
)

# ------------------------------------------------------------------ editing


def _problems(exc: DataError, heading: str) -> None:
    st.error(heading)
    st.code(exc.report(lang), language=None)


def _may_write() -> bool:
    """Checked again when a change is submitted: a form sent after the key changed is
    refused with the lock message and writes nothing."""
    if can_edit():
        return True
    st.error(t("edit_locked", lang))
    return False


# Opened at first for a town without actors; then the same for the whole session, so that a
# rerun after saving does not fold the forms away (a changed parameter re-creates the expander).
edit_open = st.session_state.setdefault(f"_net_edit_open_{town_id}", not actors)
with st.expander(t("net_edit", lang), expanded=edit_open):
    # Reading is open to everyone; writing needs the edit key when one is configured.
    allowed = edit_access(lang, key="network")
    locked = not allowed
    who = st.text_input(t("net_who", lang), value="App", key="w_net_who", disabled=locked)
    with st.form("net_add_actor", clear_on_submit=True):
        st.markdown(f"**{t('net_add_actor', lang)}**")
        name = st.text_input(t("net_name", lang), key="w_net_new_name")
        f1, f2 = st.columns(2)
        sector = f1.selectbox(
            t("net_sector", lang),
            [s.value for s in Sector],
            format_func=lambda s: Sector(s).label(lang),
            key="w_net_new_sector",
        )
        kind = f2.selectbox(
            t("net_kind", lang),
            [k.value for k in ActorKind],
            format_func=lambda k: ActorKind(k).label(lang),
            key="w_net_new_kind",
        )
        districts = st.multiselect(
            t("net_districts", lang),
            list(names),
            format_func=names.__getitem__,
            key="w_net_new_districts",
        )
        p1, p2 = st.columns(2)
        lon = p1.text_input(t("net_lon", lang), key="w_net_new_lon")
        lat = p2.text_input(t("net_lat", lang), key="w_net_new_lat")
        chosen_fields = st.multiselect(
            t("net_fields", lang),
            list(field_title),
            format_func=field_title.__getitem__,
            key="w_net_new_fields",
        )
        address = st.text_input(t("net_address", lang), key="w_net_new_address")
        notes = st.text_area(t("net_notes", lang), key="w_net_new_notes")
        if st.form_submit_button(t("net_save", lang), disabled=locked) and _may_write():
            point = f"POINT ({lon.strip()} {lat.strip()})" if lon.strip() and lat.strip() else None
            try:
                created = store.create_actor(
                    who,
                    town_id=town_id,
                    name=name,
                    sector=sector,
                    kind=kind,
                    district_ids=districts,
                    point_wkt=point,
                    field_ids=chosen_fields,
                    address=address,
                    notes=notes,
                )
            except ActorError as exc:
                _problems(exc, t("net_save_error", lang))
            else:
                st.session_state["w_net_flash"] = t(
                    "net_added", lang, name=escape_markup(created.name)
                )
                st.rerun()
    if len(actors) >= 2:
        with st.form("net_add_relation", clear_on_submit=True):
            st.markdown(f"**{t('net_add_relation', lang)}**")
            ids = [a.id for a in actors]
            r1, r2 = st.columns(2)
            source = r1.selectbox(
                t("net_from", lang), ids, format_func=lambda i: by_id[i].name, key="w_net_rel_from"
            )
            target = r2.selectbox(
                t("net_to", lang),
                ids,
                index=1,
                format_func=lambda i: by_id[i].name,
                key="w_net_rel_to",
            )
            r3, r4, r5 = st.columns(3)
            rel_type = r3.selectbox(
                t("net_type", lang),
                [r.value for r in RelationType],
                format_func=lambda r: RelationType(r).label(lang),
                key="w_net_rel_type",
            )
            strength = r4.slider(t("net_strength", lang), 1, 3, 2, key="w_net_rel_strength")
            since = r5.text_input(t("net_since", lang), key="w_net_rel_since")
            if st.form_submit_button(t("net_save", lang), disabled=locked) and _may_write():
                try:
                    store.create_relation(
                        who,
                        town_id=town_id,
                        source_id=source,
                        target_id=target,
                        type=rel_type,
                        strength=strength,
                        since_year=since or None,
                    )
                except ActorError as exc:
                    _problems(exc, t("net_save_error", lang))
                else:
                    st.session_state["w_net_flash"] = t("net_relation_added", lang)
                    st.rerun()
    selected = st.session_state.get("w_net_actor")
    if (
        selected in by_id
        and st.button(t("net_delete", lang), key="w_net_delete", disabled=locked)
        and _may_write()
    ):
        store.delete_actor(selected, who)
        st.session_state["w_net_flash"] = t(
            "net_deleted", lang, name=escape_markup(by_id[selected].name)
        )
        st.rerun()
    deleted = [a for a in store.list_actors(town_id, include_deleted=True) if a.deleted]
    if deleted:
        restore = st.multiselect(
            t("net_restore", lang),
            [a.id for a in deleted],
            format_func=lambda i: next(a.name for a in deleted if a.id == i),
            key="w_net_restore",
            disabled=locked,
        )
        if (
            restore
            and st.button(t("net_save", lang), key="w_net_restore_go", disabled=locked)
            and _may_write()
        ):
            try:
                for actor_id in restore:
                    store.restore_actor(actor_id, who)
            except ActorError as exc:
                _problems(exc, t("net_save_error", lang))
            else:
                st.rerun()
flash = st.session_state.pop("w_net_flash", None)
if flash:
    st.success(flash)

# ------------------------------------------------------------------ files

with st.expander(t("net_exchange", lang), expanded=False):
    st.markdown(f"**{t('net_export', lang)}**")
    elements, connections = kumu_csv(actors, relations, fields)
    nodes, edges = gephi_csv(actors, relations, fields)
    d1, d2, d3, d4, d5 = st.columns(5)
    d1.download_button(
        "Kumu: elements.csv",
        elements,
        f"{town_id}-kumu-elements.csv",
        "text/csv",
        key="w_net_dl_kumu_el",
        on_click="ignore",
    )
    d2.download_button(
        "Kumu: connections.csv",
        connections,
        f"{town_id}-kumu-connections.csv",
        "text/csv",
        key="w_net_dl_kumu_co",
        on_click="ignore",
    )
    d3.download_button(
        "Gephi: nodes.csv",
        nodes,
        f"{town_id}-gephi-nodes.csv",
        "text/csv",
        key="w_net_dl_gephi_n",
        on_click="ignore",
    )
    d4.download_button(
        "Gephi: edges.csv",
        edges,
        f"{town_id}-gephi-edges.csv",
        "text/csv",
        key="w_net_dl_gephi_e",
        on_click="ignore",
    )
    d5.download_button(
        "XLSX (Kumu)",
        xlsx_bytes(actors, relations, fields),
        f"{town_id}-network.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="w_net_dl_xlsx",
        on_click="ignore",
    )
    st.markdown(f"**{t('net_import', lang)}**")
    if locked:
        st.caption(t("edit_locked", lang))
    fmt = st.radio(
        t("net_format", lang),
        ["kumu", "gephi", "xlsx"],
        horizontal=True,
        key="w_net_fmt",
        format_func={"kumu": "Kumu (CSV)", "gephi": "Gephi (CSV)", "xlsx": "XLSX (Kumu)"}.get,
    )
    st.caption(t("net_files", lang))
    u1, u2 = st.columns(2)
    first = u1.file_uploader(
        t("net_node_file", lang),
        type=["xlsx"] if fmt == "xlsx" else ["csv", "txt"],
        key=f"w_net_up1_{fmt}",
    )
    second = (
        None
        if fmt == "xlsx"
        else u2.file_uploader(t("net_edge_file", lang), type=["csv", "txt"], key=f"w_net_up2_{fmt}")
    )
    if (
        first is not None
        and st.button(t("net_do_import", lang), key="w_net_import", disabled=locked)
        and _may_write()
    ):
        try:
            records = read_network(
                fmt,
                (first.name, first.getvalue()),
                (second.name, second.getvalue()) if second is not None else None,
                fields=fields,
                districts=names,
            )
            n_created, n_updated, n_written = import_records(store, town_id, records, who)
        except ActorError as exc:
            _problems(exc, t("net_import_error", lang))
        else:
            st.session_state["w_net_flash"] = t(
                "net_imported", lang, created=n_created, updated=n_updated, relations=n_written
            )
            st.rerun()

attribution(town, lang)
