"""Status × dynamics index per district, after Berlin's Monitoring Soziale Stadtentwicklung.

The method (MSS, Senatsverwaltung für Stadtentwicklung Berlin):

1. Choose *status* indicators (levels in the index year) and *dynamics* indicators (their
   change over the last ``span`` years, in percentage points).
2. Orient every input so that a higher value means more disadvantage (an indicator whose
   higher value is favourable, polarity +1, is negated; neutral indicators are refused).
3. z-standardise each input across the included districts, add the z-scores with equal
   weights and z-standardise the sum again: the status index and the dynamics index.
4. Classify: status *hoch* ≤ −1 < *mittel* ≤ +1 < *niedrig* ≤ +1.5 < *sehr niedrig*;
   dynamics *positiv* ≤ −1 < *stabil* < +1 ≤ *negativ*. The 4 × 3 combinations are the
   groups of the bivariate map.

Districts with fewer than 300 inhabitants are excluded (as in the MSS): their rates rest on
a handful of people. A district enters a standardisation only with all of its inputs
(listwise); a suppressed input (status ".") makes its index suppressed too, never zero.

The standard deviation is the *population* standard deviation (ddof = 0): the districts of a
town are the whole population being described, not a sample of it, and the MSS z-score is
the plain ``(x − mean) / sd`` over all units. With Berlin's ~540 planning areas the choice
does not matter (factor √(n/(n−1)) ≈ 1.001); with six districts it is 1.10, so it is fixed
here and stated on the methods page.

Two variants help small towns, where a handful of districts makes z-scores unstable:

* ``rank`` — each input is replaced by its normal score Φ⁻¹(r / (n + 1)) (van der Waerden)
  of its rank r among the included districts; outliers then weigh no more than any other
  rank. The sum is z-standardised as in the MSS so the class bounds keep their meaning.
* ``reference`` — inputs are standardised against the municipalities of the county or the
  state (mean and sd of the INKAR municipality values stored in ``town_series``), and the
  sum against the same municipalities' sums. A district is then "low status" relative to
  the region, not only relative to the other districts of its own town.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

import pandas as pd

from sozialraum.catalog import Catalog

Method = Literal["districts", "rank", "reference"]
RegionLevel = Literal["county", "state"]
METHODS: tuple[Method, ...] = ("districts", "rank", "reference")
REGION_LEVELS: tuple[RegionLevel, ...] = ("county", "state")
DEFAULT_INDICATORS = ("sgb2_rate", "unemployment_share", "child_poverty")
POPULATION_ID = "population"
MIN_POPULATION = 300
DEFAULT_SPAN = 2
# The fewest units a standardisation is computed over: with two, every z-score is ±1.
MIN_UNITS = 3
# Class bounds are compared after rounding: a district computed as 1.4999999999999998
# (floating-point noise of the two standardisations) lies on +1.5, where the data put it.
BOUND_DECIMALS = 6

STATUS_CLASSES = ("high", "medium", "low", "very_low")  # hoch, mittel, niedrig, sehr niedrig
DYNAMICS_CLASSES = ("positive", "stable", "negative")  # positiv, stabil, negativ
# Why a district has no index value.
EXCLUDED = "excluded"  # fewer than MIN_POPULATION inhabitants
SUPPRESSED = "."  # an input is suppressed at source (geheim)
NO_DATA = "no_data"  # an input is missing

# The length of a region prefix of the 8-digit AGS: Land (2), Kreis (5).
_AGS_PREFIX: dict[RegionLevel, int] = {"state": 2, "county": 5}


class SocialIndexError(ValueError):
    """The index cannot be computed as asked; ``code`` and ``params`` say why (for i18n)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


def status_class(z: float) -> str | None:
    """hoch ≤ −1 < mittel ≤ +1 < niedrig ≤ +1.5 < sehr niedrig (None for NaN)."""
    if math.isnan(z):
        return None
    z = round(z, BOUND_DECIMALS)
    if z <= -1.0:
        return "high"
    if z <= 1.0:
        return "medium"
    if z <= 1.5:
        return "low"
    return "very_low"


def dynamics_class(z: float) -> str | None:
    """positiv ≤ −1 < stabil < +1 ≤ negativ (None for NaN)."""
    if math.isnan(z):
        return None
    z = round(z, BOUND_DECIMALS)
    if z <= -1.0:
        return "positive"
    if z >= 1.0:
        return "negative"
    return "stable"


def zscore(values: pd.Series) -> pd.Series:
    """(x − mean) / population sd over the given values."""
    sd = float(values.std(ddof=0))
    return (values - values.mean()) / sd


def normal_scores(values: pd.Series) -> pd.Series:
    """Van der Waerden scores Φ⁻¹(r / (n + 1)); ties share their mean rank."""
    ranks = values.rank(method="average")
    n = len(values)
    dist = NormalDist()
    return ranks.map(lambda r: dist.inv_cdf(r / (n + 1)))


@dataclass(frozen=True)
class IndexSpec:
    """What to compute: inputs, year, method."""

    year: int
    status_ids: tuple[str, ...] = DEFAULT_INDICATORS
    dynamics_ids: tuple[str, ...] = DEFAULT_INDICATORS
    span: int = DEFAULT_SPAN
    method: Method = "districts"
    region: RegionLevel = "county"
    min_population: int = MIN_POPULATION

    @property
    def base_year(self) -> int:
        return self.year - self.span


@dataclass(frozen=True)
class Reference:
    """The municipalities a ``reference`` index is standardised against.

    ``status`` and ``dynamics`` are wide tables (one row per municipality AGS, one column per
    input) in the inputs' own units, not yet oriented.
    """

    level: RegionLevel
    prefix: str
    status: pd.DataFrame
    dynamics: pd.DataFrame


@dataclass(frozen=True)
class Component:
    """One half of the index (status or dynamics) for every district.

    ``inputs`` holds the raw inputs (levels or changes), ``z`` the oriented and standardised
    inputs of the districts that entered, ``index`` the final value, ``flag`` why a district
    has none ("", :data:`EXCLUDED`, :data:`SUPPRESSED`, :data:`NO_DATA`), ``klass`` its class.
    """

    inputs: pd.DataFrame
    z: pd.DataFrame
    total: pd.Series
    index: pd.Series
    flag: pd.Series
    klass: pd.Series


@dataclass(frozen=True)
class IndexResult:
    spec: IndexSpec
    status: Component
    dynamics: Component
    population: pd.Series
    warnings: tuple[str, ...] = field(default=())

    def table(self) -> pd.DataFrame:
        """One row per district: population, both indices, flags, classes and the group."""
        out = pd.DataFrame(
            {
                "population": self.population,
                "status_index": self.status.index,
                "status_flag": self.status.flag,
                "status_class": self.status.klass,
                "dynamics_index": self.dynamics.index,
                "dynamics_flag": self.dynamics.flag,
                "dynamics_class": self.dynamics.klass,
            }
        )
        both = out["status_class"].notna() & out["dynamics_class"].notna()
        out["group"] = (out["status_class"] + "/" + out["dynamics_class"]).where(both)
        return out


def _wide(values: pd.DataFrame, ids: Sequence[str], year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(value, status) tables of ``ids`` in ``year``: rows district_id, columns indicator."""
    rows = values[(values["year"] == year) & values["indicator_id"].isin(ids)]
    value = rows.pivot(index="district_id", columns="indicator_id", values="value")
    status = rows.pivot(index="district_id", columns="indicator_id", values="status")
    return value.reindex(columns=list(ids)), status.reindex(columns=list(ids)).fillna("")


def _flags(complete: pd.Series, suppressed: pd.Series, excluded: pd.Series) -> pd.Series:
    flag = pd.Series("", index=complete.index, dtype=object)
    flag[~complete] = NO_DATA
    flag[suppressed] = SUPPRESSED
    flag[excluded] = EXCLUDED
    return flag


def _signs(ids: Sequence[str], catalog: Catalog) -> pd.Series:
    signs = {}
    for ind_id in ids:
        if ind_id not in catalog:
            raise SocialIndexError("unknown_indicator", indicator=ind_id)
        polarity = catalog[ind_id].polarity
        if polarity == 0:
            raise SocialIndexError("neutral_indicator", indicator=ind_id)
        # Higher = more disadvantage: favourable indicators (polarity +1) are negated.
        signs[ind_id] = -float(polarity)
    return pd.Series(signs, dtype=float)


def _standardise(
    oriented: pd.DataFrame, method: Method, reference: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """(z per input, sum, index) of the districts in ``oriented`` (complete rows only)."""
    if method == "reference":
        assert reference is not None
        mean, sd = reference.mean(), reference.std(ddof=0)
        z = (oriented - mean) / sd
        ref_total = ((reference - mean) / sd).sum(axis=1)
        total = z.sum(axis=1)
        index = (total - ref_total.mean()) / float(ref_total.std(ddof=0))
        return z, total, index
    z = oriented.apply(zscore) if method == "districts" else oriented.apply(normal_scores)
    total = z.sum(axis=1)
    return z, total, zscore(total)


def _check_spread(frame: pd.DataFrame, part: str, where: str) -> None:
    for column in frame.columns:
        if float(frame[column].std(ddof=0)) == 0.0:
            raise SocialIndexError("no_spread", indicator=column, part=part, where=where)


def _component(
    inputs: pd.DataFrame,
    suppressed: pd.Series,
    excluded: pd.Series,
    signs: pd.Series,
    spec: IndexSpec,
    reference: pd.DataFrame | None,
    part: str,
    classify: Callable[[float], str | None],
) -> Component:
    complete = inputs.notna().all(axis=1)
    flag = _flags(complete, suppressed, excluded)
    entering = flag == ""
    oriented = inputs[entering] * signs
    if reference is not None:
        ref_oriented = reference.reindex(columns=inputs.columns).dropna() * signs
        if len(ref_oriented) < MIN_UNITS:
            raise SocialIndexError("too_few_reference", part=part, count=len(ref_oriented))
        _check_spread(ref_oriented, part, "reference")
    else:
        ref_oriented = None
        if int(entering.sum()) < MIN_UNITS:
            raise SocialIndexError("too_few_districts", part=part, count=int(entering.sum()))
        if spec.method == "districts":
            _check_spread(oriented, part, "districts")
    z, total, index = _standardise(oriented, spec.method, ref_oriented)
    index = index.reindex(inputs.index)
    klass = index.map(lambda v: classify(float(v)))
    return Component(
        inputs=inputs,
        z=z,
        total=total.reindex(inputs.index),
        index=index,
        flag=flag,
        klass=klass.where(klass.notna(), None),
    )


def compute_index(
    values: pd.DataFrame,
    catalog: Catalog,
    district_ids: Sequence[str],
    spec: IndexSpec,
    reference: Reference | None = None,
) -> IndexResult:
    """The status × dynamics index of every district in ``district_ids``.

    ``values`` is the public long table of a town (``district_id, indicator_id, year, value,
    status``): suppressed values carry status "." and no number.
    """
    if not spec.status_ids or not spec.dynamics_ids:
        raise SocialIndexError("no_indicators")
    if spec.method == "reference" and reference is None:
        raise SocialIndexError("no_reference", level=spec.region)
    for ids in (spec.status_ids, spec.dynamics_ids):
        _signs(ids, catalog)
    index = pd.Index(list(district_ids), name="district_id")
    warnings: list[str] = []

    population = values[
        (values["indicator_id"] == POPULATION_ID) & (values["year"] == spec.year)
    ].set_index("district_id")["value"]
    population = population.reindex(index).astype(float)
    if population.isna().all():
        warnings.append("no_population")
    excluded = (population < spec.min_population).fillna(False).astype(bool)

    status_value, status_sign = _wide(values, spec.status_ids, spec.year)
    status_value, status_sign = status_value.reindex(index), status_sign.reindex(index).fillna("")
    now_value, now_sign = _wide(values, spec.dynamics_ids, spec.year)
    then_value, then_sign = _wide(values, spec.dynamics_ids, spec.base_year)
    now_value, then_value = now_value.reindex(index), then_value.reindex(index)
    change = now_value - then_value
    if change.isna().all().all():
        raise SocialIndexError("no_base_year", year=spec.base_year)
    dyn_suppressed = (now_sign.reindex(index).fillna("") == SUPPRESSED).any(axis=1) | (
        then_sign.reindex(index).fillna("") == SUPPRESSED
    ).any(axis=1)

    status = _component(
        status_value.astype(float),
        (status_sign == SUPPRESSED).any(axis=1),
        excluded,
        _signs(spec.status_ids, catalog),
        spec,
        reference.status if reference is not None else None,
        "status",
        status_class,
    )
    dynamics = _component(
        change.astype(float),
        dyn_suppressed,
        excluded,
        _signs(spec.dynamics_ids, catalog),
        spec,
        reference.dynamics if reference is not None else None,
        "dynamics",
        dynamics_class,
    )
    return IndexResult(spec, status, dynamics, population, tuple(warnings))


def group_counts(table: pd.DataFrame) -> dict[tuple[str, str], int]:
    """How many districts fall into each of the 4 × 3 groups (zeros included)."""
    counts = {(s, d): 0 for s in STATUS_CLASSES for d in DYNAMICS_CLASSES}
    for group in table["group"].dropna():
        s, d = str(group).split("/")
        counts[(s, d)] += 1
    return counts


# --------------------------------------------------------------------------- reference


def region_prefix(ags: str, level: RegionLevel) -> str | None:
    """The AGS prefix of the town's county or state (None without a valid AGS)."""
    if len(ags) != 8 or not ags.isdigit():
        return None
    return ags[: _AGS_PREFIX[level]]


def reference_from_series(series: pd.DataFrame, ags: str, spec: IndexSpec) -> Reference | None:
    """The municipalities of the town's county or state in the stored town series (INKAR).

    ``series`` has columns ``ags, indicator_id, year, value``. Returns None without a valid
    AGS; the caller decides whether too few municipalities are an error (see
    :func:`compute_index`, which needs :data:`MIN_UNITS` complete municipalities).
    """
    prefix = region_prefix(ags, spec.region)
    if prefix is None:
        return None
    rows = series[series["ags"].astype(str).str.startswith(prefix)]

    def wide(ids: Sequence[str], year: int) -> pd.DataFrame:
        part = rows[(rows["year"] == year) & rows["indicator_id"].isin(ids)]
        table = part.pivot_table(index="ags", columns="indicator_id", values="value")
        return table.reindex(columns=list(ids)).astype(float)

    status = wide(spec.status_ids, spec.year)
    now = wide(spec.dynamics_ids, spec.year)
    then = wide(spec.dynamics_ids, spec.base_year)
    dynamics = now - then
    return Reference(spec.region, prefix, status, dynamics)


def reference_units(reference: Reference, spec: IndexSpec) -> Mapping[str, int]:
    """How many municipalities have all status inputs / all dynamics inputs."""
    return {
        "status": int(reference.status.reindex(columns=list(spec.status_ids)).dropna().shape[0]),
        "dynamics": int(
            reference.dynamics.reindex(columns=list(spec.dynamics_ids)).dropna().shape[0]
        ),
    }


def eligible_indicators(catalog: Catalog, present: Sequence[str]) -> list[str]:
    """Indicators that can enter the index: present in the town, with a polarity."""
    return [i for i in present if i in catalog and catalog[i].polarity != 0 and i != POPULATION_ID]


def index_years(years_by_indicator: Mapping[str, Sequence[int]], spec: IndexSpec) -> list[int]:
    """Years in which every status input exists and every dynamics input exists ``span``
    years earlier too."""
    candidates: set[int] | None = None
    for ind_id in spec.status_ids:
        have = set(years_by_indicator.get(ind_id, ()))
        candidates = have if candidates is None else candidates & have
    for ind_id in spec.dynamics_ids:
        have = set(years_by_indicator.get(ind_id, ()))
        both = {y for y in have if y - spec.span in have}
        candidates = both if candidates is None else candidates & both
    return sorted(candidates or ())


# --------------------------------------------------------------------------- labels

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "high": ("hoch", "high"),
    "medium": ("mittel", "medium"),
    "low": ("niedrig", "low"),
    "very_low": ("sehr niedrig", "very low"),
}
DYNAMICS_LABELS: dict[str, tuple[str, str]] = {
    "positive": ("positiv", "positive"),
    "stable": ("stabil", "stable"),
    "negative": ("negativ", "negative"),
}
FLAG_LABELS: dict[str, tuple[str, str]] = {
    EXCLUDED: (
        f"unter {MIN_POPULATION} Einwohner (nicht bewertet)",
        f"under {MIN_POPULATION} inhabitants (not assessed)",
    ),
    SUPPRESSED: ("geheim (Eingangswert gesperrt)", "suppressed (an input is suppressed)"),
    NO_DATA: ("keine Daten (Eingangswert fehlt)", "no data (an input is missing)"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "de" else pair[1]


def status_label(klass: str, lang: str = "de") -> str:
    return _pick(STATUS_LABELS[klass], lang)


def dynamics_label(klass: str, lang: str = "de") -> str:
    return _pick(DYNAMICS_LABELS[klass], lang)


def flag_label(flag: str, lang: str = "de") -> str:
    return _pick(FLAG_LABELS[flag], lang)


def format_z(value: float, lang: str = "de") -> str:
    """'+1,50' / '−1,00' (two decimals, explicit sign, locale comma)."""
    if math.isnan(value):
        return "–"
    # A value that rounds to zero is shown as +0,00, never as −0,00 (adding 0.0 drops the sign).
    text = f"{round(value, 2) + 0.0:+.2f}".replace("-", "−")
    return text.replace(".", ",") if lang == "de" else text
