"""Werkstatt: capture the workshop on the map — notes, fields of action, goals, measures.

A moderator picks or creates the town's workshop, adds notes while looking at the indicator
map (linked to indicator, year and district), sorts them into fields of action, builds goals
and measures, and downloads the protocol. All writing goes through the edit key when one is
set (:mod:`sozialraum.ui.access`); all participant text is shown as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

from sozialraum.catalog import TOPICS
from sozialraum.maps import choropleth_state, state_layer
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.access import can_edit, edit_access
from sozialraum.ui.common import choropleth, legend, show_map, town_banner
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view
from sozialraum.ui.workshop import (
    WHO,
    add_draw_tools,
    add_notes_layer,
    choose_workshop,
    current_workshop,
    district_badge,
    drawing_wkt,
    kind_label,
    note_form,
    show_error,
    store,
    who,
    workshops_of,
)
from sozialraum.workshop import (
    Contribution,
    ContributionKind,
    FieldOfAction,
    MeasureStatus,
    Sector,
    TargetDirection,
    Workshop,
    WorkshopError,
)
from sozialraum.workshop.protocol import export_bytes

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
town_id = town.town.id
district_names = {str(i): str(n) for i, n in town.districts["name"].items()}

st.title(t("ws_heading", lang, town=escape_markup(town.town.name)))
if not view.present:
    st.caption(t("ws_intro", lang))
    town_banner(town, lang)
allowed = edit_access(lang, key="workshop")
locked = not allowed


def _date_text(value: dt.date | None) -> str:
    if value is None:
        return t("ws_no_date", lang)
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def _workshop_label(workshop: Workshop) -> str:
    return f"{workshop.title} ({_date_text(workshop.date)})"


def _workshop_form(key: str, workshop: Workshop | None) -> None:
    """Create (``workshop`` None) or edit a workshop: title, date, venue, participants."""
    with st.form(f"ws-form-{key}", clear_on_submit=workshop is None):
        c1, c2, c3 = st.columns([3, 1.4, 2])
        title = c1.text_input(
            t("ws_title", lang), value=workshop.title if workshop else "", key=f"ws-title-{key}"
        )
        date = c2.date_input(
            t("ws_date", lang),
            value=workshop.date if workshop else dt.date.today(),
            format="DD.MM.YYYY",
            key=f"ws-date-{key}",
        )
        place = c3.text_input(
            t("ws_place_field", lang), value=workshop.place if workshop else "", key=f"ws-pl-{key}"
        )
        st.markdown(f"**{t('ws_participants', lang)}**")
        counts: dict[str, int] = {}
        cols = st.columns(4)
        for i, sector in enumerate(Sector):
            counts[sector.value] = int(
                cols[i % 4].number_input(
                    sector.label(lang),
                    min_value=0,
                    max_value=10_000,
                    step=1,
                    value=(workshop.participants.get(sector.value, 0) if workshop else 0),
                    key=f"ws-n-{key}-{sector.value}",
                )
            )
        label = t("ws_save", lang) if workshop else t("ws_create", lang)
        submitted = st.form_submit_button(label, type="primary", disabled=locked)
    if not submitted or not can_edit():
        return
    participants = {k: v for k, v in counts.items() if v}
    values = {"title": title, "date": date, "place": place, "participants": participants}
    try:
        if workshop is None:
            created = store().create_workshop(
                who(),
                town_id=town_id,
                title=title,
                date=date,
                place=place,
                participants=participants,
            )
            choose_workshop(town_id, created.id)
            st.session_state.pop("w_ws_pick", None)
            st.toast(t("ws_created", lang))
        else:
            store().update_workshop(workshop.id, who(), **values)
            st.toast(t("ws_saved", lang))
    except WorkshopError as exc:
        show_error(exc, lang)
        return
    st.rerun()


# ----------------------------------------------------------------------------- pick or create

workshops = workshops_of(town_id)
workshop = current_workshop(town_id)
pick_col, meta_col = st.columns([3, 2], vertical_alignment="bottom")
if workshops and workshop is not None:
    ids = [w.id for w in workshops]
    by_id = {w.id: w for w in workshops}
    if st.session_state.get("w_ws_pick") not in ids:
        st.session_state["w_ws_pick"] = workshop.id
    picked = pick_col.selectbox(
        t("ws_pick", lang), ids, key="w_ws_pick", format_func=lambda i: _workshop_label(by_id[i])
    )
    choose_workshop(town_id, int(picked))
    workshop = by_id[int(picked)]
# On a projector the room sees the map first; creating workshops is done beforehand.
if workshop is None or not view.present:
    with st.expander(t("ws_new", lang), expanded=workshop is None and allowed):
        _workshop_form("new", None)
if workshop is None:
    st.info(t("ws_none", lang))
    st.stop()

meta = t(
    "ws_meta",
    lang,
    date=_date_text(workshop.date),
    place=workshop.place or "–",
    n=workshop.participant_total,
)
meta_col.caption(escape_markup(meta))
if allowed and not view.present:
    with st.expander(t("ws_edit", lang)):
        _workshop_form(f"edit-{workshop.id}", workshop)
        st.text_input(t("ws_who", lang), key=WHO)

notes_all = store().list_contributions(workshop.id, include_deleted=True)
live_notes = [n for n in notes_all if not n.deleted]
fields = store().list_fields(workshop.id)
field_titles = {f.id: f.title for f in fields}

tab_notes, tab_fields, tab_export = st.tabs(
    [t("ws_tab_notes", lang), t("ws_tab_fields", lang), t("ws_tab_export", lang)]
)

# ----------------------------------------------------------------------------- map and notes

with tab_notes:
    choro = choropleth(town, view, view.indicator_id, view.year)
    payload, geometry_url = data.payload(town_id)
    # The key changes after a drawn place was used, which clears the drawing tools' layer.
    draw_round = st.session_state.get("ws_draw_round", 0)
    map_key = f"ws-map-{town_id}-{view.basemap}-{draw_round}"
    map_col, side_col = st.columns([2.5, 1.5], gap="medium")
    with map_col:
        if not view.present:
            st.caption(t("ws_map_help", lang))
        layer = state_layer(
            choropleth_state(
                payload,
                choro.frame,
                choro.indicator,
                choro.classes,
                choro.palette,
                year=view.year,
                lang=lang,
                selected=view.district,
            )
        )
        add_notes_layer(layer, town, live_notes, view)
        result = show_map(
            view,
            payload,
            geometry_url,
            layer,
            key=map_key,
            attribution=town.town.attribution,
            returned_objects=["last_active_drawing"],
            decorate=add_draw_tools,
        )
    drawn = drawing_wkt((result or {}).get("last_active_drawing"))
    with side_col:
        legend(choro, lang)
        district_badge(town_id, view.district, lang)
        st.subheader(t("ws_add_heading", lang))

        def _clear_drawing(note: Contribution) -> None:
            if note.geometry_wkt:
                st.session_state["ws_draw_round"] = draw_round + 1

        note_form(view, town, workshop, key="ws", drawn_wkt=drawn, on_added=_clear_drawing)

    # ----------------------------------------------------------------- the list of notes

    def _topic_of(note: Contribution) -> set[str]:
        return {town.catalog[i].topic for i in note.indicator_ids if i in town.catalog}

    def _place_of(note: Contribution) -> str:
        if note.district_id:
            return district_names.get(note.district_id, note.district_id)
        return t("ws_drawn_place", lang) if note.geometry_wkt else t("ws_whole_town", lang)

    st.header(t("ws_notes_heading", lang, n=len(live_notes)))
    f1, f2, f3, f4 = st.columns([2, 2, 2, 1])
    place_keys = sorted(
        {n.district_id or ("drawn" if n.geometry_wkt else "town") for n in live_notes},
        key=lambda k: district_names.get(k, "~" + k),
    )
    place_label = {
        "drawn": t("ws_drawn_place", lang),
        "town": t("ws_whole_town", lang),
        **district_names,
    }
    chosen_places = f1.multiselect(
        t("ws_filter_district", lang),
        place_keys,
        format_func=lambda k: place_label.get(k, k),
        key="ws_f_place",
    )
    topics = sorted({tp for n in live_notes for tp in _topic_of(n)})
    chosen_topic = f2.selectbox(
        t("ws_filter_topic", lang),
        ["", *topics],
        format_func=lambda tp: (
            t("ws_filter_all", lang) if not tp else TOPICS.get(tp, (tp, tp))[lang != "de"]
        ),
        key="ws_f_topic",
    )
    chosen_kinds = f3.multiselect(
        t("ws_filter_kind", lang),
        [k.value for k in ContributionKind],
        format_func=lambda k: kind_label(k, lang),
        key="ws_f_kind",
    )
    show_deleted = f4.checkbox(t("ws_show_deleted", lang), key="ws_f_deleted")

    def _shown(note: Contribution) -> bool:
        place = note.district_id or ("drawn" if note.geometry_wkt else "town")
        return (
            (show_deleted or not note.deleted)
            and (not chosen_places or place in chosen_places)
            and (not chosen_topic or chosen_topic in _topic_of(note))
            and (not chosen_kinds or note.kind.value in chosen_kinds)
        )

    def _assign(note_id: int) -> None:
        if not can_edit():
            return
        value = st.session_state.get(f"ws-assign-{note_id}")
        try:
            store().assign_contribution(note_id, int(value) if value else None, who())
        except WorkshopError as exc:
            st.session_state["ws_error"] = exc.report("de" if lang == "de" else "en")

    def _set_deleted(note_id: int, deleted: bool) -> None:
        if not can_edit():
            return
        try:
            if deleted:
                store().delete_contribution(note_id, who())
            else:
                store().restore_contribution(note_id, who())
        except WorkshopError as exc:
            st.session_state["ws_error"] = exc.report("de" if lang == "de" else "en")

    if "ws_error" in st.session_state:
        st.error(t("ws_refused", lang))
        st.code(st.session_state.pop("ws_error"), language=None)

    shown = [n for n in notes_all if _shown(n)]
    if not live_notes and not show_deleted:
        st.caption(t("ws_no_notes", lang))
    elif not shown:
        st.caption(t("ws_no_match", lang))
    field_options = ["", *[str(f.id) for f in fields]]
    for note in shown:
        with st.container(border=True):
            c1, c2, c3 = st.columns([5, 2.2, 1.3])
            c1.text(note.text)  # verbatim text: never markup
            details = [kind_label(note.kind, lang), _place_of(note)]
            details += [
                f"{town.catalog[i].label(lang)}" for i in note.indicator_ids if i in town.catalog
            ]
            details += [str(y) for y in note.years]
            if note.author_label:
                details.append(note.author_label)
            if note.edited_at:
                details.append(t("ws_edited", lang))
            if note.deleted:
                details.append(t("ws_deleted", lang))
            c1.caption(escape_markup(" · ".join(details)))
            key = f"ws-assign-{note.id}"
            current = str(note.field_id) if note.field_id in field_titles else ""
            if st.session_state.get(key) != current:
                st.session_state[key] = current
            c2.selectbox(
                t("ws_field", lang),
                field_options,
                key=key,
                format_func=lambda v: field_titles[int(v)] if v else t("ws_no_field", lang),
                on_change=_assign,
                args=(note.id,),
                disabled=locked or note.deleted,
                label_visibility="collapsed",
            )
            if note.deleted:
                c3.button(
                    t("ws_restore", lang),
                    key=f"ws-restore-{note.id}",
                    on_click=_set_deleted,
                    args=(note.id, False),
                    disabled=locked,
                )
                continue
            c3.button(
                t("ws_delete", lang),
                key=f"ws-delete-{note.id}",
                on_click=_set_deleted,
                args=(note.id, True),
                disabled=locked,
            )
            if allowed:
                with c1.expander(t("ws_edit_note", lang)), st.form(f"ws-edit-{note.id}"):
                    new_text = st.text_area(
                        t("ws_note_text", lang), value=note.text, key=f"ws-edit-text-{note.id}"
                    )
                    new_kind = st.selectbox(
                        t("ws_kind", lang),
                        [k.value for k in ContributionKind],
                        index=[k.value for k in ContributionKind].index(note.kind.value),
                        format_func=lambda k: kind_label(k, lang),
                        key=f"ws-edit-kind-{note.id}",
                    )
                    if st.form_submit_button(t("ws_save", lang)) and can_edit():
                        try:
                            store().update_contribution(
                                note.id, who(), text=new_text, kind=new_kind
                            )
                        except WorkshopError as exc:
                            show_error(exc, lang)
                        else:
                            st.rerun()

# ----------------------------------------------------------------------------- fields, goals


def _parse_number(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return float(text)


def _measure_form(
    field: FieldOfAction, goal_ids: Sequence[int], goal_titles: dict[int, str]
) -> None:
    indicator_ids = town.indicator_ids()
    with st.form(f"ws-measure-{field.id}", clear_on_submit=True):
        st.markdown(f"**{t('ws_new_measure', lang)}**")
        c1, c2 = st.columns(2)
        goal_id = c1.selectbox(
            t("ws_goal", lang),
            list(goal_ids),
            format_func=goal_titles.__getitem__,
            key=f"ws-m-goal-{field.id}",
        )
        title = c2.text_input(t("ws_title", lang), key=f"ws-m-title-{field.id}")
        description = st.text_area(
            t("ws_description", lang), key=f"ws-m-desc-{field.id}", height=70
        )
        c3, c4, c5, c6 = st.columns(4)
        status = c3.selectbox(
            t("ws_status", lang),
            [s.value for s in MeasureStatus],
            format_func=lambda s: MeasureStatus(s).label(lang),
            key=f"ws-m-status-{field.id}",
        )
        responsible = c4.text_input(t("ws_responsible", lang), key=f"ws-m-resp-{field.id}")
        start = c5.date_input(
            t("ws_start", lang), value=None, format="DD.MM.YYYY", key=f"ws-m-start-{field.id}"
        )
        end = c6.date_input(
            t("ws_end", lang), value=None, format="DD.MM.YYYY", key=f"ws-m-end-{field.id}"
        )
        districts = st.multiselect(
            t("ws_districts", lang),
            list(district_names),
            default=[view.district] if view.district else [],
            format_func=district_names.__getitem__,
            key=f"ws-m-districts-{field.id}",
        )
        c7, c8, c9 = st.columns([3, 1.5, 1.5])
        indicator = c7.selectbox(
            t("ws_target_indicator", lang),
            ["", *indicator_ids],
            index=1 + indicator_ids.index(view.indicator_id),
            format_func=lambda i: town.catalog[i].label(lang) if i else t("ws_no_indicator", lang),
            key=f"ws-m-ind-{field.id}",
        )
        direction = c8.selectbox(
            t("ws_direction", lang),
            [d.value for d in TargetDirection],
            format_func=lambda d: TargetDirection(d).label(lang),
            key=f"ws-m-dir-{field.id}",
        )
        target_text = c9.text_input(t("ws_target_value", lang), key=f"ws-m-val-{field.id}")
        sources = st.multiselect(
            t("ws_sources", lang),
            [n.id for n in live_notes],
            default=[n.id for n in live_notes if n.field_id == field.id],
            format_func=lambda i: next(n.text for n in live_notes if n.id == i)[:80],
            key=f"ws-m-src-{field.id}",
        )
        submitted = st.form_submit_button(t("ws_add_measure", lang), disabled=locked)
    if not submitted or not can_edit():
        return
    try:
        target_value = _parse_number(target_text)
    except ValueError:
        st.error(t("ws_bad_target_number", lang))
        return
    try:
        store().create_measure(
            who(),
            goal_id=int(goal_id),
            title=title,
            description=description,
            status=status,
            responsible=responsible,
            start=start,
            end=end,
            district_ids=districts,
            indicator_targets=[(indicator, direction, target_value)] if indicator else [],
            contribution_ids=sources,
        )
    except WorkshopError as exc:
        show_error(exc, lang)
        return
    st.rerun()


def _measure_line(measure: object) -> str:
    from sozialraum.workshop import Measure

    assert isinstance(measure, Measure)
    parts = [measure.status.label(lang)]
    if measure.responsible:
        parts.append(measure.responsible)
    if measure.start or measure.end:
        parts.append(f"{_date_text(measure.start)} – {_date_text(measure.end)}")
    if measure.district_ids:
        parts.append(", ".join(district_names.get(d, d) for d in measure.district_ids))
    for target in measure.indicator_targets:
        ind = town.catalog.get(target.indicator_id, None)
        label = ind.label(lang) if ind else target.indicator_id
        value = ""
        if target.target_value is not None:
            value = " → " + (
                ind.format_value(target.target_value, lang) if ind else str(target.target_value)
            )
        parts.append(f"{label}: {target.direction.label(lang)}{value}")
    return " · ".join(parts)


with tab_fields:
    with st.form("ws-new-field", clear_on_submit=True):
        st.markdown(f"**{t('ws_new_field', lang)}**")
        c1, c2 = st.columns([2, 3])
        field_title = c1.text_input(t("ws_title", lang), key="ws-field-title")
        field_desc = c2.text_input(t("ws_description", lang), key="ws-field-desc")
        if st.form_submit_button(t("ws_add_field", lang), disabled=locked) and can_edit():
            try:
                store().create_field(
                    who(),
                    workshop_id=workshop.id,
                    title=field_title,
                    description=field_desc,
                    position=len(fields),
                )
            except WorkshopError as exc:
                show_error(exc, lang)
            else:
                st.rerun()
    if not fields:
        st.info(t("ws_no_fields", lang))
    for field in fields:
        st.subheader(escape_markup(field.title))
        if field.description:
            st.text(field.description)
        in_field = [n for n in live_notes if n.field_id == field.id]
        with st.expander(t("ws_field_notes", lang, n=len(in_field)), expanded=bool(in_field)):
            for note in in_field:
                st.text(f"– {note.text}")
        goals = store().list_goals(field.id)
        goal_titles = {g.id: g.title for g in goals}
        for goal in goals:
            st.markdown(f"**{t('ws_goal', lang)}: {escape_markup(goal.title)}**")
            if goal.description:
                st.text(goal.description)
            for measure in store().list_measures(goal.id):
                with st.container(border=True):
                    st.markdown(f"**{t('ws_measure', lang)}: {escape_markup(measure.title)}**")
                    if measure.description:
                        st.text(measure.description)
                    st.caption(escape_markup(_measure_line(measure)))
        c1, c2 = st.columns([2, 3])
        with c1.form(f"ws-goal-{field.id}", clear_on_submit=True):
            st.markdown(f"**{t('ws_new_goal', lang)}**")
            goal_title = st.text_input(t("ws_title", lang), key=f"ws-g-title-{field.id}")
            goal_desc = st.text_area(
                t("ws_description", lang), key=f"ws-g-desc-{field.id}", height=70
            )
            if st.form_submit_button(t("ws_add_goal", lang), disabled=locked) and can_edit():
                try:
                    store().create_goal(
                        who(), field_id=field.id, title=goal_title, description=goal_desc
                    )
                except WorkshopError as exc:
                    show_error(exc, lang)
                else:
                    st.rerun()
        if goals:
            with c2:
                _measure_form(field, [g.id for g in goals], goal_titles)
        st.divider()

# ----------------------------------------------------------------------------- protocol

EXPORTS = (  # format, label key, MIME type
    (
        "docx",
        "ws_export_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("md", "ws_export_md", "text/markdown"),
    ("csv", "ws_export_csv", "text/csv"),
    ("xlsx", "ws_export_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("geojson", "ws_export_geojson", "application/geo+json"),
)


def _exporter(fmt: str, workshop_id: int) -> Callable[[], bytes]:
    """The export is built when its button is clicked (in Streamlit's download thread)."""
    workshop_store, data_dir = store(), data.data_dir()

    def build() -> bytes:
        return export_bytes(workshop_store, workshop_id, data_dir, fmt, lang=lang)  # type: ignore[arg-type]

    return build


with tab_export:
    st.caption(t("ws_export_intro", lang))
    columns = st.columns(len(EXPORTS))
    for column, (fmt, label, mime) in zip(columns, EXPORTS, strict=True):
        column.download_button(
            t(label, lang),
            data=_exporter(fmt, workshop.id),
            file_name=f"werkstatt-{town_id}-{workshop.id}.{fmt}",
            mime=mime,
            key=f"ws-export-{fmt}",
            width="stretch",
            type="primary" if fmt == "docx" else "secondary",
        )
