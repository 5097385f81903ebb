"""The shortcuts of the alignment change nothing: `related_only`, `loose_bound`, running counts, shared shingles.

Reuse candidates are aligned with `related_only=True` (reuse/index.py): a pair that cannot match loosely
enough to be a rewrite, and that nothing else relates, stops before its sentences are matched. These
tests hold the shortcut to the full alignment on pairs written for them: a source and its rewrite, a
second report of the same event, a copy with a comment, an excerpt, an unrelated story.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from provenance.reuse.align import (
    REWRITE_SHARE_LOW,
    align,
    loose_bound,
    mask,
    matching_runs,
    mostly,
    running,
)
from provenance.reuse.index import analyse

SOURCE = """Tavira Dam deal gives the lower valley more water

Ostmark and Valdoria signed a water-sharing agreement on June 3 that commits the upstream state to release \
forty percent more water from the Tavira Dam during the dry months.

Farmers in the lower valley lost a third of their barley harvest in 2022 when releases were cut without \
warning, and many of them have since borrowed heavily to replant.

The agreement creates a joint commission of six engineers, three from each side, which is meant to meet \
every quarter and publish the gauge readings it relies on.

Critics in Port Alder point out that the treaty names no penalty for missed releases and leaves the \
question of drought years to the commission's discretion.

Valdoria's parliament has not yet ratified the deal, and two opposition parties there have said they will \
vote against it unless the dam's maintenance costs are shared.
"""

REWRITE = """More water from Tavira Dam under the Ostmark and Valdoria deal

Under an agreement Ostmark and Valdoria signed on June 3, the upstream state must release forty percent \
more water from the Tavira Dam in the dry months.

In 2022 lower valley farmers lost a third of their barley when releases were cut with no warning, and \
many have borrowed heavily since to replant.

A joint commission of six engineers, three per side, is created by the agreement; it should meet each \
quarter and publish the gauge readings it uses.

Port Alder critics note the treaty sets no penalty for missed releases and leaves drought years to the \
discretion of the commission.

The deal still awaits ratification by Valdoria's parliament, where two opposition parties say they will \
vote it down unless the maintenance costs of the dam are shared.
"""

SAME_EVENT = """Valley farmers wary of Tavira water pact

Barley growers around Port Alder gave a cautious welcome on Tuesday to the water pact between Ostmark and \
Valdoria, saying they would judge it by the first dry summer.

"We have heard promises before," said Ilse Marek, who farms forty hectares below the dam and chairs the \
growers' cooperative.

The cooperative plans to set up its own gauges along the canal so that members can check the readings the \
new commission publishes.

Several members still owe money to the regional bank after the poor harvest two years ago and fear another \
cut in releases would ruin them.
"""

UNRELATED = """Harrow Street library reopens

The Harrow Street library reopened on Saturday after a two-year renovation that added a rooftop garden and \
a children's reading room facing the canal.

Volunteers carried more than nine thousand books back onto the shelves over three weekends, sorting them \
by hand because the new catalogue system was late.

The architect kept the original oak staircase and the stained-glass window above the entrance, which had \
been boarded up since a storm in the eighties.

Opening hours will be longer than before the closure, and the council has promised to keep the branch open \
on Sundays for at least the next two years.
"""

COPY = "Reposted from the Valley Courier, with thanks.\n\n" + SOURCE + "\nWhat do readers think? Write to us.\n"
EXCERPT = SAME_EVENT + "\nFrom the agreement's coverage last week:\n\n" + SOURCE.split("\n\n", 2)[1] + "\n"

TEXTS = {"source": SOURCE, "rewrite": REWRITE, "same-event": SAME_EVENT, "unrelated": UNRELATED, "copy": COPY,
         "excerpt": EXCERPT}
PAIRS = [(x, y) for x in TEXTS for y in TEXTS if x != y]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_related_only_gives_the_same_relation_and_the_same_links(first: str, second: str) -> None:
    x, y = analyse(TEXTS[first]), analyse(TEXTS[second])
    full = align(x.tokens, x.fingerprint, y.tokens, y.fingerprint)
    quick = align(x.tokens, x.fingerprint, y.tokens, y.fingerprint, related_only=True)
    assert quick.relation == full.relation
    if full.relation is not None:  # a related pair is stored whole: every figure and passage the same
        assert dataclasses.asdict(quick) == dataclasses.asdict(full)


def test_the_pairs_cover_both_paths() -> None:
    """The written pairs hold related ones (a rewrite among them) and one the shortcut stops early."""
    relations = {}
    for first, second in (("source", "rewrite"), ("source", "copy"), ("source", "unrelated")):
        x, y = analyse(TEXTS[first]), analyse(TEXTS[second])
        relations[second] = align(x.tokens, x.fingerprint, y.tokens, y.fingerprint).relation
    assert relations == {"rewrite": "rewrite", "copy": "repost", "unrelated": None}
    x, y = analyse(SOURCE), analyse(UNRELATED)
    full = align(x.tokens, x.fingerprint, y.tokens, y.fingerprint)
    quick = align(x.tokens, x.fingerprint, y.tokens, y.fingerprint, related_only=True)
    assert full.similarity > 0 and quick.similarity == 0.0  # stopped before the sentences were matched


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_loose_bound_is_never_below_the_loose_share(first: str, second: str) -> None:
    x, y = analyse(TEXTS[first]), analyse(TEXTS[second])
    a, b = x.tokens, y.tokens
    full = align(a, x.fingerprint, b, y.fingerprint)
    if full.passages:
        return  # (the masks of shared passages are the alignment's own; pairs without any test the bound)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    share = full.loose_a if small is a else full.loose_b
    assert loose_bound(small, large, mask(len(small), []), mask(len(large), [])) >= share


def test_loose_bound_tells_a_rewrite_from_an_unrelated_text() -> None:
    x, y, z = analyse(SOURCE), analyse(REWRITE), analyse(UNRELATED)
    zeros = mask  # (no passage set aside on either side)
    assert loose_bound(x.tokens, y.tokens, zeros(len(x.tokens), []), zeros(len(y.tokens), [])) >= REWRITE_SHARE_LOW
    assert loose_bound(z.tokens, x.tokens, zeros(len(z.tokens), []), zeros(len(x.tokens), [])) < REWRITE_SHARE_LOW


def test_running_counts_agree_with_the_mean_of_the_slice() -> None:
    rng = random.Random(19)
    for _ in range(200):
        size = rng.randrange(1, 60)
        marks = np.array([float(rng.random() < rng.random()) for _ in range(size)] + [0.0])
        counts = running(marks)
        for _ in range(20):
            start = rng.randrange(0, size)
            end = rng.randrange(start + 1, size + 2)
            assert mostly(counts, start, end) == bool(marks[start:end].mean() >= 0.5)


def reference_runs(fa, fb):  # type: ignore[no-untyped-def]
    """Runs as matching_runs found them before it looked only at the shared shingles."""
    from collections import defaultdict

    from provenance.reuse.align import MAX_REPEAT, MIN_RUN, Run

    where: dict[int, list[int]] = defaultdict(list)
    for j, h in enumerate(fb.shingles.tolist()):
        if len(where[h]) < MAX_REPEAT:
            where[h].append(j)
    pairs = sorted((j - i, i) for i, h in enumerate(fa.shingles.tolist()) for j in where.get(h, ()))
    runs, current = [], None
    for d, i in pairs:
        if current and current[0] == d and current[2] == i - 1:
            current[2] = i
            continue
        if current and current[2] - current[1] + 1 >= MIN_RUN:
            runs.append(Run(current[1], current[2], current[1] + current[0], current[2] + current[0]))
        current = [d, i, i]
    if current and current[2] - current[1] + 1 >= MIN_RUN:
        runs.append(Run(current[1], current[2], current[1] + current[0], current[2] + current[0]))
    return runs


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_matching_runs_as_before(first: str, second: str) -> None:
    x, y = analyse(TEXTS[first]), analyse(TEXTS[second])
    assert matching_runs(x.fingerprint, y.fingerprint) == reference_runs(x.fingerprint, y.fingerprint)


def test_matching_runs_of_a_text_repeating_itself() -> None:
    """A phrase repeated more than MAX_REPEAT times keeps the same first positions."""
    repeated = " ".join(["The ferry to Vell leaves the north quay at seven every morning."] * 30)
    x, y = analyse(repeated), analyse("Notice: " + repeated)
    assert matching_runs(x.fingerprint, y.fingerprint) == reference_runs(x.fingerprint, y.fingerprint)
    assert matching_runs(x.fingerprint, y.fingerprint)


def test_a_document_just_stored_is_not_analysed_again_as_the_next_ones_candidate(db, tmp_path, monkeypatch) -> None:
    """Ingest remembers each stored document's analysis (made by the extraction): the copy stored next
    meets the source as its candidate without tokenising it again, and is linked to it all the same."""
    from collections import OrderedDict

    from sqlalchemy import select

    from provenance.config import Settings
    from provenance.ingest import Overrides, expand_sources, ingest_sources
    from provenance.models import ReuseLink
    from provenance.reuse import index as reuse_index

    (tmp_path / "1-source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "2-copy.txt").write_text(COPY, encoding="utf-8")
    monkeypatch.setattr(reuse_index, "_recent", OrderedDict())
    analysed_here: list[str] = []
    real = reuse_index.analyse

    def counting(text: str) -> reuse_index.Analysed:
        analysed_here.append(text)
        return real(text)

    monkeypatch.setattr(reuse_index, "analyse", counting)
    results = ingest_sources(db, expand_sources([str(tmp_path)]), overrides=Overrides(),
                             settings=Settings(processes=1), on_result=lambda result: None)
    assert [r.status for r in results] == ["new", "new"]
    with db.session() as session:
        links = [(link.document_a_id, link.document_b_id, link.relation) for link in session.scalars(select(ReuseLink))]
    assert links == [(results[0].document_id, results[1].document_id, "repost")]
    assert analysed_here == []
