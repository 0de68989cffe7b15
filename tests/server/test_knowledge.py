"""Knowledge articles on the server: the seeded library in both languages, versions kept and
audited, editors only, a stale editor refused, the review date, and the read-out note."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from backend_client import CareDeskClient, errors
from backend_client import models as m
from server.core.orm import ArticleVersionRow, AuditRow
from server.knowledge import library
from tests.support import APP_KEY, aircall, patient


async def test_the_library_is_seeded_in_both_languages(advisor: CareDeskClient) -> None:
    listed = (await advisor.knowledge.list()).items
    assert len(listed) == 2 * len(library.TOPICS) >= 40
    by_language = {lang: [a for a in listed if a.language is lang] for lang in m.ArticleLanguage}
    assert len(by_language[m.ArticleLanguage.EN]) == len(by_language[m.ArticleLanguage.PL])
    for article in listed:
        assert article.answer and article.tags and article.version == 1
    today = date.today()
    stale = [a for a in listed if a.review_due < today]
    assert stale and all("abroad" in a.tags or "za granicę" in a.tags for a in stale)


def draft(**changes: object) -> m.ArticleDraft:
    base = {
        "title": "Ordering for a care home",
        "answer": "Care homes order through their own account; we deliver weekly.",
        "body": "Care homes have **one account** per home.",
        "tags": ["care home", "Weekly "],
    }
    return m.ArticleDraft.model_validate(base | changes)


async def test_versions_are_kept_and_audited_and_a_stale_edit_is_refused(
    ctx, lead: CareDeskClient, pharmacist: CareDeskClient, advisor: CareDeskClient
) -> None:
    created = await lead.knowledge.create(draft())
    assert created.version == 1 and created.tags == ["care home", "weekly"]
    assert created.updated_by == "Sam Lead" or created.updated_by
    second = await pharmacist.knowledge.revise(
        created.id, draft(body="Two accounts now.", version=1, change_note="Policy change")
    )
    assert second.version == 2 and second.body == "Two accounts now."
    with pytest.raises(errors.ConflictError) as stale:
        await lead.knowledge.revise(created.id, draft(body="Mine", version=1))
    assert stale.value.code == "article_changed"
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.knowledge.revise(created.id, draft(version=2))
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.knowledge.create(draft())
    history = await advisor.knowledge.versions(created.id)
    assert [(v.version, v.body, v.change_note) for v in history.versions] == [
        (2, "Two accounts now.", "Policy change"),
        (1, "Care homes have **one account** per home.", "Written"),
    ]
    with ctx.db.reader() as session:
        kept = session.scalars(
            select(ArticleVersionRow.version).where(ArticleVersionRow.article_id == created.id)
        ).all()
        audited = session.scalars(
            select(AuditRow.action).where(AuditRow.action.like("article.%")).order_by(AuditRow.id)
        ).all()
    assert sorted(kept) == [1, 2]
    assert audited[-2:] == ["article.created", "article.revised"]


async def test_saving_as_a_review_moves_the_review_date(lead: CareDeskClient) -> None:
    stale = next(a for a in (await lead.knowledge.list()).items if a.review_due < date.today())
    whole = await lead.knowledge.get(stale.id)
    kept = await lead.knowledge.revise(
        stale.id,
        draft(
            title=whole.title,
            answer=whole.answer,
            body=whole.body,
            tags=whole.tags,
            review_days=whole.review_days,
            version=whole.version,
            reviewed=False,
        ),
    )
    assert kept.reviewed_on == whole.reviewed_on  # an edit that is not a review
    reviewed = await lead.knowledge.revise(
        stale.id,
        draft(
            title=whole.title,
            answer=whole.answer,
            body=whole.body,
            tags=whole.tags,
            review_days=whole.review_days,
            version=kept.version,
        ),
    )
    assert reviewed.reviewed_on == date.today()
    assert reviewed.review_due == date.today() + timedelta(days=whole.review_days)


def test_a_draft_is_checked() -> None:
    with pytest.raises(ValueError):
        draft(review_days=2)
    with pytest.raises(ValueError):
        draft(answer="")
    with pytest.raises(ValueError):
        draft(language="de")


async def test_reading_an_answer_out_is_noted_on_the_conversation_and_account(
    http, ctx, advisor: CareDeskClient, lead: CareDeskClient
) -> None:
    facts = patient(ctx, "pat_00001")
    token = await advisor.patient_app.create_call_token("pat_00001", APP_KEY)
    await http.post(
        "/webhooks/aircall",
        json=aircall(
            "call.answered", 4401, raw_digits=facts.phone, digits=token.token, answered=True
        ),
    )
    conv = next(
        c for c in (await advisor.conversations.list()).items if c.account_id == "pat_00001"
    )
    article = next(a for a in (await advisor.knowledge.list()).items if "exempt" in a.tags)
    note = await advisor.knowledge.read_out(article.id, conv.id, article.version)
    assert note.body == f"Read out the article “{article.title}” (version 1)."
    snap = await advisor.accounts.snapshot("pat_00001", conv.id)
    assert snap.notes[0].body == note.body and snap.notes[0].conversation_id == conv.id
    sent = await advisor.knowledge.read_out(article.id, conv.id, 1, "inserted")
    assert sent.body.startswith("Sent the article")
    with pytest.raises(errors.PermissionDeniedError):  # not the lead's conversation
        await lead.knowledge.read_out(article.id, conv.id, 1)
    with pytest.raises(errors.NotFoundError):
        await advisor.knowledge.read_out("art_missing", conv.id, 1)
