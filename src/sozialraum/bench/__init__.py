"""``sozialraum bench``: how fast the app is on this machine, measured from outside.

One run measures, per town (the demo towns and synthetic towns of 500 and 2,000 Voronoi
districts and of all ~11,000 German municipalities), the figures below; per-town figures
are dicts keyed by town id (``meta.sizes`` maps the sizes to their synthetic town ids):

``load_ms``
    ``{"cold", "warm"}``: ``load_town`` + ``wide_table`` in ms; cold = first load in a fresh
    process (libraries initialised on another town first), warm = repeated; medians.
``payload_kb``
    Bytes the browser receives: ``page`` - first visit, from navigation to the painted map
    (websocket frames + JSON/GeoJSON fetched over HTTP; Streamlit's JS/CSS not counted);
    ``page_repeat`` - later visits with a warm browser cache; ``switch`` - from choosing
    another indicator to the repainted map (median, and ``switch_max``); ``vertices`` of
    the district geometries received; ``districts``.
``gap_m2``, ``overlap_m2``
    Of the district geometries the browser receives (parsed from the traffic), in
    EPSG:25832: overlap = Σ pairwise intersection areas; gap = area inside the outline the
    browser receives (else the stored outline) not covered by any district.
``rerun_ms``
    One script run after an indicator switch, warm caches, via ``AppTest`` (median).
``first_map_s``
    Navigation to the painted map in chromium, server warm (median).
``switch_s``
    Choosing another indicator in the sidebar to the repainted map (median).
``floor_rerun_ms``, ``floor_first_map_s``, ``floor_switch_s``
    The same for the floor of the stack: a one-line Streamlit app (AppTest); a bare
    Leaflet page painting the same GeoJSON, and restyling it with ``setStyle``.
``rerun_ratio``, ``first_map_ratio``, ``switch_ratio``
    Figure / floor, per town.
``peak_rss_mb``
    VmHWM of each server process (``demo`` and one per synthetic town) at its end.
``meta``
    Versions, repeats, skipped sizes (with the reason), errors, per-town details (renderer,
    geometry source, the gap against each outline) and every sample.

Speed is reported, never asserted.
"""

from sozialraum.bench._measure import FIGURE_KEYS, RESULT_KEYS, SIZES, run_benchmark
from sozialraum.bench._table import format_table

__all__ = ["FIGURE_KEYS", "RESULT_KEYS", "SIZES", "format_table", "run_benchmark"]
