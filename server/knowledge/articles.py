"""Knowledge articles: read by every agent, written by leads and pharmacists, every version kept.

An edit never changes a saved version: it adds the next one (``article_versions``) and moves the
article's current text on, in one transaction, and only from the version the editor started
from (a conditional update), so two editors never overwrite each other. Saving counts as a
review unless the editor says it is not; an article past ``reviewed_on + review_days`` says so.
Reading an answer out (or sending it) is noted on the conversation, so it shows in the account's
history like a workflow run.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import ensure_workable
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, forbidden, not_found
from server.core.events import append_event
from server.core.orm import Agent, ArticleRow, ArticleVersionRow, Conversation, Note, new_id, utcnow

EDITORS = (m.Role.LEAD.value, m.Role.PHARMACIST.value)


def review_due(row: ArticleRow) -> date:
    return row.reviewed_on + timedelta(days=row.review_days)


def summary(row: ArticleRow) -> m.ArticleSummary:
    return m.ArticleSummary(
        id=row.id,
        title=row.title,
        answer=row.answer,
        tags=list(row.tags),
        language=m.ArticleLanguage(row.language),
        team=row.team,
        reviewed_on=row.reviewed_on,
        review_due=review_due(row),
        version=row.version,
    )


def to_wire(session: Session, row: ArticleRow) -> m.Article:
    editor = session.get(Agent, row.updated_by) if row.updated_by else None
    return m.Article(
        **summary(row).model_dump(),
        body=row.body,
        review_days=row.review_days,
        updated_at=row.updated_at,
        updated_by=editor.display_name if editor else None,
    )


def listing(session: Session) -> m.ArticleList:
    rows = session.scalars(select(ArticleRow).order_by(ArticleRow.language, ArticleRow.title))
    return m.ArticleList(items=[summary(r) for r in rows], as_of=utcnow())


def get(session: Session, article_id: str) -> ArticleRow:
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise not_found("The article")
    return row


def history(session: Session, article_id: str) -> m.ArticleHistory:
    get(session, article_id)
    rows = session.scalars(
        select(ArticleVersionRow)
        .where(ArticleVersionRow.article_id == article_id)
        .order_by(ArticleVersionRow.version.desc())
    ).all()
    names = dict(
        session.execute(
            select(Agent.id, Agent.display_name).where(
                Agent.id.in_({r.edited_by for r in rows if r.edited_by})
            )
        ).all()
    )
    return m.ArticleHistory(
        id=article_id,
        versions=[
            m.ArticleVersion(
                version=r.version,
                title=r.title,
                answer=r.answer,
                body=r.body,
                tags=list(r.tags),
                edited_at=r.edited_at,
                edited_by=names.get(r.edited_by or ""),
                change_note=r.change_note,
            )
            for r in rows
        ],
    )


def _may_edit(agent: Agent) -> None:
    if not set(agent.roles) & set(EDITORS):
        raise forbidden("Only leads and pharmacists edit articles.", "not_an_editor")


def _tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip().casefold() for t in tags if t.strip()))


def _keep_version(session: Session, row: ArticleRow, agent_id: str | None, note: str) -> None:
    session.add(
        ArticleVersionRow(
            article_id=row.id,
            version=row.version,
            title=row.title,
            answer=row.answer,
            body=row.body,
            tags=list(row.tags),
            edited_at=row.updated_at,
            edited_by=agent_id,
            change_note=note,
        )
    )


def create(
    session: Session, agent: Agent | None, body: m.ArticleDraft, *, today: date | None = None
) -> m.Article:
    """A new article at version 1 (``agent`` None: the seed)."""
    if agent is not None:
        _may_edit(agent)
    now = utcnow()
    row = ArticleRow(
        id=new_id("art"),
        language=body.language.value,
        team=body.team.strip(),
        title=body.title.strip(),
        answer=body.answer.strip(),
        body=body.body.strip(),
        tags=_tags(body.tags),
        review_days=body.review_days,
        reviewed_on=today or now.date(),
        version=1,
        updated_at=now,
        updated_by=agent.id if agent else None,
    )
    session.add(row)
    session.flush()
    _keep_version(session, row, row.updated_by, body.change_note.strip() or "Written")
    audit(
        session,
        "article.created",
        agent_id=row.updated_by,
        article_id=row.id,
        language=row.language,
    )
    return to_wire(session, row)


def revise(session: Session, agent: Agent, article_id: str, body: m.ArticleDraft) -> m.Article:
    """The next version, only from the version the editor read."""
    _may_edit(agent)
    row = get(session, article_id)
    if body.version is None:
        raise ApiError(
            422, "version_required", "Say which version you edited.", fields={"version": "required"}
        )
    now = utcnow()
    values = {
        "title": body.title.strip(),
        "answer": body.answer.strip(),
        "body": body.body.strip(),
        "tags": _tags(body.tags),
        "language": body.language.value,
        "team": body.team.strip(),
        "review_days": body.review_days,
        "updated_at": now,
        "updated_by": agent.id,
        "version": ArticleRow.version + 1,
    }
    if body.reviewed:
        values["reviewed_on"] = now.date()
    done = session.execute(
        update(ArticleRow)
        .where(ArticleRow.id == article_id, ArticleRow.version == body.version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        who = session.get(Agent, row.updated_by) if row.updated_by else None
        raise ApiError(
            409,
            "article_changed",
            f"{who.display_name if who else 'Someone'} saved version {row.version} while you "
            f"were editing version {body.version}: reopen the article and make your change again.",
        )
    session.refresh(row)
    _keep_version(session, row, agent.id, body.change_note.strip())
    audit(
        session,
        "article.revised",
        agent_id=agent.id,
        article_id=row.id,
        version=row.version,
        reviewed=body.reviewed,
    )
    return to_wire(session, row)


def read_out(
    session: Session, settings: Settings, agent: Agent, article_id: str, body: m.ReadOut
) -> m.Note:
    """Note on the conversation (and so on the account's history) that the answer was given."""
    row = get(session, article_id)
    conv = session.get(Conversation, body.conversation_id)
    if conv is None:
        raise not_found("The conversation")
    if conv.agent_id != agent.id:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    ensure_workable(conv, settings)
    how = "Sent" if body.how == "inserted" else "Read out"
    now = utcnow()
    note = Note(
        id=new_id("note"),
        account_id=conv.account_id,
        conversation_id=conv.id,
        agent_id=agent.id,
        body=f"{how} the article “{row.title}” (version {body.version}).",
        created_at=now,
    )
    session.add(note)
    audit(
        session,
        f"article.{body.how}",
        agent_id=agent.id,
        account_id=conv.account_id,
        conversation_id=conv.id,
        article_id=row.id,
        version=body.version,
    )
    if conv.account_id:
        changed = m.AccountChanged(
            account_id=conv.account_id, conversation_id=conv.id, reason="article.read_out"
        ).model_dump(mode="json")
        append_event(session, agent.id, m.EventType.ACCOUNT_UPDATED, changed)
    session.flush()
    return m.Note(
        id=note.id,
        body=note.body,
        agent_name=agent.display_name,
        conversation_id=conv.id,
        created_at=now,
    )
