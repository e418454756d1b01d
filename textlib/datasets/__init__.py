"""Shipped datasets: the seed page (with its curated metadata), the NPC resolutions and synthetic
corpora for layouts and timings."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "load_seed": ".seed:load_seed",
    "seed_path": ".seed:seed_path",
    "is_seed": ".seed:is_seed",
    "seed_lexicon": ".seed:seed_lexicon",
    "metadata": ".seed:metadata",
    "metadata_wide": ".seed:metadata_wide",
    "load_npc_resolutions": ".npc:load_npc_resolutions",
    "npc_path": ".npc:npc_path",
    "DatasetIntegrityError": ".npc:DatasetIntegrityError",
    "synthetic_corpus": ".synthetic:synthetic_corpus",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
