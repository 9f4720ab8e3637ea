"""Actors and networks: who works in the town, with whom, in which fields of action.

:class:`ActorStore` keeps actors and their relations in the project database (next to the
workshop content); :mod:`sozialraum.actors.network` builds the network, its layout, figure
and gap hints; :mod:`sozialraum.actors.exchange` reads and writes Kumu, Gephi and XLSX files.
"""

from sozialraum.actors.model import (
    CIVIL_SECTORS,
    Actor,
    ActorError,
    ActorKind,
    Relation,
    RelationType,
)
from sozialraum.actors.store import ActorStore, open_actor_store

__all__ = [
    "CIVIL_SECTORS",
    "Actor",
    "ActorError",
    "ActorKind",
    "ActorStore",
    "Relation",
    "RelationType",
    "open_actor_store",
]
