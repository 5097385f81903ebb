"""outlets with a Session: looking an outlet up writes nothing; naming one for a write may store it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from provenance.db import Database
from provenance.errors import AmbiguousOutletError, NotFoundError, UnknownOutletError
from provenance.models import Outlet, OutletAlias, OutletDomain
from provenance.outlets import add_outlet, create_unverified, find_outlet, named_outlet


def counts(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in (Outlet, OutletDomain, OutletAlias))


def test_find_outlet_writes_nothing(db: Database) -> None:
    with db.session() as session, session.begin():
        add_outlet(session, "Copperline Courier", domains=[], kind="newspaper")
        create_unverified(session, "Fenwick Post")
    with db.session() as session, session.begin():
        before = counts(session)
        # A registry outlet not stored yet: unsaved, with the registry's domain and aliases.
        reuters = find_outlet(session, "Reuters")
        assert (reuters.id, reuters.name, [d.domain for d in reuters.domains]) == (None, "Reuters", ["reuters.com"])
        assert find_outlet(session, "reuters.com").slug == "reuters"
        # A stored one by name, and by the domain its name spells (which a lookup does not record).
        courier = find_outlet(session, "copperlinecourier.example")
        assert courier.name == "Copperline Courier" and courier.domains == []
        assert find_outlet(session, "the copperline courier").id == courier.id
        for name in ("brand-new-site.example", "Nobody Media Group"):
            with pytest.raises(UnknownOutletError, match=f"^{name}: no such outlet$"):
                find_outlet(session, name)
        with pytest.raises(AmbiguousOutletError, match="^ORF: ambiguous, could be ORF, Observer Research Foundation$"):
            find_outlet(session, "ORF")
        session.flush()
        assert not session.new and not session.dirty and counts(session) == before


def test_named_outlet_stores_what_it_learns(db: Database) -> None:
    with db.session() as session, session.begin():
        add_outlet(session, "Copperline Courier", domains=[], kind="newspaper")
    with db.session() as session, session.begin():
        reuters = named_outlet(session, "Reuters")
        assert isinstance(reuters.id, int) and reuters.verified
        courier = named_outlet(session, "copperlinecourier.example")
        session.flush()
        session.refresh(courier)
        assert [d.domain for d in courier.domains] == ["copperlinecourier.example"]
        fresh = named_outlet(session, "brand-new-site.example")
        assert isinstance(fresh.id, int) and not fresh.verified
        with pytest.raises(NotFoundError, match="^Nobody Media Group: no such outlet$"):
            named_outlet(session, "Nobody Media Group")
