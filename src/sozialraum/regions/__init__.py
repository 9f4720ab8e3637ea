"""Sozialräume from the census grid: contiguous districts built from populated 100 m cells.

Core only (no Streamlit). The steps, one module each:

* :mod:`~sozialraum.regions.cells`: read the grid, keep the town's populated cells, build
  their squares clipped to the municipal outline and their rook contiguity (islands linked);
* :mod:`~sozialraum.regions.regionalise`: max-p regionalisation (PySAL ``spopt``) with a
  floor on the size variable and similarity on standardised variables, checked afterwards;
* :mod:`~sozialraum.regions.naming`: names from the nearest locality (the town's known
  localities, merged with GeoNames places);
* :mod:`~sozialraum.regions.aggregate`: counts summed per region, rates recomputed;
* :mod:`~sozialraum.regions.build`: the whole run, stored as an ordinary imported town.
"""
