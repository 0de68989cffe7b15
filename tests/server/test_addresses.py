"""Postcode lookup: a patient's street is in the book; a bad postcode is a 422."""

from __future__ import annotations

import pytest

from backend_client import errors
from server.core.orm import Account
from tests.support import patient


async def test_the_addresses_at_a_patients_postcode_include_theirs(advisor, ctx) -> None:
    facts = patient(ctx, "pat_00012")
    found = await advisor.accounts.addresses(facts.postcode.lower().replace(" ", ""))
    assert found.postcode == facts.postcode
    assert len(found.addresses) >= 2
    assert all(a.postcode == facts.postcode for a in found.addresses)
    with ctx.db.reader() as session:
        account = session.get(Account, "pat_00012")
        assert account is not None
        assert account.address_line1 in [a.line1 for a in found.addresses]


async def test_unknown_and_bad_postcodes(advisor) -> None:
    assert (await advisor.accounts.addresses("ZE3 9XX")).addresses == []
    with pytest.raises(errors.ValidationError) as bad:
        await advisor.accounts.addresses("NOT A PC")
    assert bad.value.code == "bad_postcode"
