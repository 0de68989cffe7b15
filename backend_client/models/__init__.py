# Longer than 400 lines: it only re-exports every model of the contract by name, one line each.
"""The wire contract between the CareDesk server and its clients, one module per domain.

Every request body, response body and event is a pydantic model here; the server imports these
for its schemas and the desktop for its state, so the two cannot drift apart. Every name is
re-exported here, so ``from backend_client import models as m`` and ``m.Conversation`` work
whichever module holds it.
"""

from backend_client.models._base import (
    ErrorBody as ErrorBody,
)
from backend_client.models._base import (
    ErrorDetail as ErrorDetail,
)
from backend_client.models._base import (
    StrictBody as StrictBody,
)
from backend_client.models._base import (
    WireModel as WireModel,
)
from backend_client.models.accounts import (
    ORDER_IN_THE_PHARMACY as ORDER_IN_THE_PHARMACY,
)
from backend_client.models.accounts import (
    Address as Address,
)
from backend_client.models.accounts import (
    AddressList as AddressList,
)
from backend_client.models.accounts import (
    ContactRecord as ContactRecord,
)
from backend_client.models.accounts import (
    Dependant as Dependant,
)
from backend_client.models.accounts import (
    Identity as Identity,
)
from backend_client.models.accounts import (
    Issue as Issue,
)
from backend_client.models.accounts import (
    IssueStatus as IssueStatus,
)
from backend_client.models.accounts import (
    Note as Note,
)
from backend_client.models.accounts import (
    Order as Order,
)
from backend_client.models.accounts import (
    OrderLine as OrderLine,
)
from backend_client.models.accounts import (
    OrderStatus as OrderStatus,
)
from backend_client.models.accounts import (
    Organisation as Organisation,
)
from backend_client.models.accounts import (
    OutboundMessage as OutboundMessage,
)
from backend_client.models.accounts import (
    PaymentState as PaymentState,
)
from backend_client.models.accounts import (
    Prescription as Prescription,
)
from backend_client.models.accounts import (
    Representative as Representative,
)
from backend_client.models.audit import (
    AuditEntry as AuditEntry,
)
from backend_client.models.audit import (
    AuditPage as AuditPage,
)
from backend_client.models.audit import (
    Health as Health,
)
from backend_client.models.challenge import (
    CallbackConfirmation as CallbackConfirmation,
)
from backend_client.models.challenge import (
    ChallengeAnswers as ChallengeAnswers,
)
from backend_client.models.challenge import (
    ChallengeLockCleared as ChallengeLockCleared,
)
from backend_client.models.challenge import (
    ChallengeOutcome as ChallengeOutcome,
)
from backend_client.models.challenge import (
    ChallengeQuestion as ChallengeQuestion,
)
from backend_client.models.challenge import (
    ChallengeQuestions as ChallengeQuestions,
)
from backend_client.models.challenge import (
    ChallengeResult as ChallengeResult,
)
from backend_client.models.challenge import (
    QuestionKind as QuestionKind,
)
from backend_client.models.conversations import (
    AuthState as AuthState,
)
from backend_client.models.conversations import (
    Caller as Caller,
)
from backend_client.models.conversations import (
    CallerType as CallerType,
)
from backend_client.models.conversations import (
    Channel as Channel,
)
from backend_client.models.conversations import (
    CloseRequest as CloseRequest,
)
from backend_client.models.conversations import (
    Conversation as Conversation,
)
from backend_client.models.conversations import (
    ConversationList as ConversationList,
)
from backend_client.models.conversations import (
    ConversationState as ConversationState,
)
from backend_client.models.conversations import (
    DialResult as DialResult,
)
from backend_client.models.conversations import (
    Direction as Direction,
)
from backend_client.models.conversations import (
    NewConversation as NewConversation,
)
from backend_client.models.conversations import (
    PendingCheck as PendingCheck,
)
from backend_client.models.conversations import (
    TransferRequest as TransferRequest,
)
from backend_client.models.enquiries import (
    DEFAULT_RESPONSE_TARGET_HOURS as DEFAULT_RESPONSE_TARGET_HOURS,
)
from backend_client.models.enquiries import (
    EMAIL_MAX_BYTES as EMAIL_MAX_BYTES,
)
from backend_client.models.enquiries import (
    ENQUIRY_REMIND_AFTER_DAYS as ENQUIRY_REMIND_AFTER_DAYS,
)
from backend_client.models.enquiries import (
    ENQUIRY_REROUTE_AFTER_DAYS as ENQUIRY_REROUTE_AFTER_DAYS,
)
from backend_client.models.enquiries import (
    AnswerChannel as AnswerChannel,
)
from backend_client.models.enquiries import (
    Attachment as Attachment,
)
from backend_client.models.enquiries import (
    Enquiry as Enquiry,
)
from backend_client.models.enquiries import (
    EnquiryAnswer as EnquiryAnswer,
)
from backend_client.models.enquiries import (
    EnquiryCreated as EnquiryCreated,
)
from backend_client.models.enquiries import (
    EnquiryList as EnquiryList,
)
from backend_client.models.enquiries import (
    EnquiryMessage as EnquiryMessage,
)
from backend_client.models.enquiries import (
    EnquiryRejection as EnquiryRejection,
)
from backend_client.models.enquiries import (
    EnquirySource as EnquirySource,
)
from backend_client.models.enquiries import (
    EnquiryState as EnquiryState,
)
from backend_client.models.enquiries import (
    EnquirySummary as EnquirySummary,
)
from backend_client.models.enquiries import (
    NewEnquiry as NewEnquiry,
)
from backend_client.models.enquiries import (
    OutOfOffice as OutOfOffice,
)
from backend_client.models.enquiries import (
    TeamOutOfOffice as TeamOutOfOffice,
)
from backend_client.models.events import (
    AccountChanged as AccountChanged,
)
from backend_client.models.events import (
    Event as Event,
)
from backend_client.models.events import (
    EventType as EventType,
)
from backend_client.models.events import (
    RemovedConversation as RemovedConversation,
)
from backend_client.models.events import (
    SecurityAlert as SecurityAlert,
)
from backend_client.models.floor import (
    Callback as Callback,
)
from backend_client.models.floor import (
    CallbackChanged as CallbackChanged,
)
from backend_client.models.floor import (
    CallbackList as CallbackList,
)
from backend_client.models.floor import (
    CallbackOutcome as CallbackOutcome,
)
from backend_client.models.floor import (
    CallbackSource as CallbackSource,
)
from backend_client.models.floor import (
    CallbackStatus as CallbackStatus,
)
from backend_client.models.floor import (
    Floor as Floor,
)
from backend_client.models.floor import (
    LockedAccount as LockedAccount,
)
from backend_client.models.floor import (
    LockedChallenge as LockedChallenge,
)
from backend_client.models.floor import (
    NewRefundRequest as NewRefundRequest,
)
from backend_client.models.floor import (
    RefundDecision as RefundDecision,
)
from backend_client.models.floor import (
    RefundRequest as RefundRequest,
)
from backend_client.models.floor import (
    RefundRequestList as RefundRequestList,
)
from backend_client.models.floor import (
    RefundRequestState as RefundRequestState,
)
from backend_client.models.floor import (
    SlaTargets as SlaTargets,
)
from backend_client.models.floor import (
    Stats as Stats,
)
from backend_client.models.floor import (
    StatsBucket as StatsBucket,
)
from backend_client.models.floor import (
    StatsPeriod as StatsPeriod,
)
from backend_client.models.floor import (
    TeamEscalations as TeamEscalations,
)
from backend_client.models.floor import (
    TeamResponse as TeamResponse,
)
from backend_client.models.floor import (
    WaitingConversation as WaitingConversation,
)
from backend_client.models.identity import (
    AgentPresence as AgentPresence,
)
from backend_client.models.identity import (
    AgentPresenceList as AgentPresenceList,
)
from backend_client.models.identity import (
    AgentSettings as AgentSettings,
)
from backend_client.models.identity import (
    AgentUnlocked as AgentUnlocked,
)
from backend_client.models.identity import (
    AppCallToken as AppCallToken,
)
from backend_client.models.identity import (
    AppCallTokenRequest as AppCallTokenRequest,
)
from backend_client.models.identity import (
    Availability as Availability,
)
from backend_client.models.identity import (
    AvailabilityRequest as AvailabilityRequest,
)
from backend_client.models.identity import (
    ConfirmPassword as ConfirmPassword,
)
from backend_client.models.identity import (
    DigitsResult as DigitsResult,
)
from backend_client.models.identity import (
    Disposition as Disposition,
)
from backend_client.models.identity import (
    LoginRequest as LoginRequest,
)
from backend_client.models.identity import (
    LogoutRequest as LogoutRequest,
)
from backend_client.models.identity import (
    Me as Me,
)
from backend_client.models.identity import (
    RefreshRequest as RefreshRequest,
)
from backend_client.models.identity import (
    Role as Role,
)
from backend_client.models.identity import (
    RouteAnswer as RouteAnswer,
)
from backend_client.models.identity import (
    TokenPair as TokenPair,
)
from backend_client.models.knowledge import (
    ARTICLE_ANSWER_MAX as ARTICLE_ANSWER_MAX,
)
from backend_client.models.knowledge import (
    ARTICLE_BODY_MAX as ARTICLE_BODY_MAX,
)
from backend_client.models.knowledge import (
    ARTICLE_LANGUAGES as ARTICLE_LANGUAGES,
)
from backend_client.models.knowledge import (
    DEFAULT_REVIEW_DAYS as DEFAULT_REVIEW_DAYS,
)
from backend_client.models.knowledge import (
    MAX_REVIEW_DAYS as MAX_REVIEW_DAYS,
)
from backend_client.models.knowledge import (
    MAX_SUGGESTIONS as MAX_SUGGESTIONS,
)
from backend_client.models.knowledge import (
    Article as Article,
)
from backend_client.models.knowledge import (
    ArticleDraft as ArticleDraft,
)
from backend_client.models.knowledge import (
    ArticleHistory as ArticleHistory,
)
from backend_client.models.knowledge import (
    ArticleLanguage as ArticleLanguage,
)
from backend_client.models.knowledge import (
    ArticleList as ArticleList,
)
from backend_client.models.knowledge import (
    ArticleSummary as ArticleSummary,
)
from backend_client.models.knowledge import (
    ArticleVersion as ArticleVersion,
)
from backend_client.models.knowledge import (
    ReadOut as ReadOut,
)
from backend_client.models.knowledge import (
    Suggestion as Suggestion,
)
from backend_client.models.pharmacy import (
    Appointment as Appointment,
)
from backend_client.models.pharmacy import (
    AppointmentChange as AppointmentChange,
)
from backend_client.models.pharmacy import (
    AppointmentMove as AppointmentMove,
)
from backend_client.models.pharmacy import (
    AppointmentSlot as AppointmentSlot,
)
from backend_client.models.pharmacy import (
    AppointmentStatus as AppointmentStatus,
)
from backend_client.models.pharmacy import (
    BookedAppointment as BookedAppointment,
)
from backend_client.models.pharmacy import (
    Diary as Diary,
)
from backend_client.models.pharmacy import (
    Escalation as Escalation,
)
from backend_client.models.pharmacy import (
    EscalationList as EscalationList,
)
from backend_client.models.pharmacy import (
    EscalationNote as EscalationNote,
)
from backend_client.models.pharmacy import (
    Pharmacist as Pharmacist,
)
from backend_client.models.pharmacy import (
    PharmacistList as PharmacistList,
)
from backend_client.models.snapshot import (
    History as History,
)
from backend_client.models.snapshot import (
    LastOrder as LastOrder,
)
from backend_client.models.snapshot import (
    Snapshot as Snapshot,
)
from backend_client.models.snapshot import (
    SnapshotStats as SnapshotStats,
)
from backend_client.models.texts import (
    SMS_MAX_CHARS as SMS_MAX_CHARS,
)
from backend_client.models.texts import (
    NewText as NewText,
)
from backend_client.models.texts import (
    QuickResponse as QuickResponse,
)
from backend_client.models.texts import (
    QuickResponseList as QuickResponseList,
)
from backend_client.models.texts import (
    Text as Text,
)
from backend_client.models.texts import (
    TextKind as TextKind,
)
from backend_client.models.texts import (
    TextStatus as TextStatus,
)
from backend_client.models.texts import (
    TextThread as TextThread,
)
from backend_client.models.workflows import (
    ActionRequest as ActionRequest,
)
from backend_client.models.workflows import (
    ActionResult as ActionResult,
)
from backend_client.models.workflows import (
    WorkflowRun as WorkflowRun,
)

__all__ = [
    "ARTICLE_ANSWER_MAX",
    "ARTICLE_BODY_MAX",
    "ARTICLE_LANGUAGES",
    "DEFAULT_RESPONSE_TARGET_HOURS",
    "DEFAULT_REVIEW_DAYS",
    "EMAIL_MAX_BYTES",
    "ENQUIRY_REMIND_AFTER_DAYS",
    "ENQUIRY_REROUTE_AFTER_DAYS",
    "MAX_REVIEW_DAYS",
    "MAX_SUGGESTIONS",
    "ORDER_IN_THE_PHARMACY",
    "SMS_MAX_CHARS",
    "AccountChanged",
    "ActionRequest",
    "ActionResult",
    "Address",
    "AddressList",
    "AgentPresence",
    "AgentPresenceList",
    "AgentSettings",
    "AgentUnlocked",
    "AnswerChannel",
    "AppCallToken",
    "AppCallTokenRequest",
    "Appointment",
    "AppointmentChange",
    "AppointmentMove",
    "AppointmentSlot",
    "AppointmentStatus",
    "Article",
    "ArticleDraft",
    "ArticleHistory",
    "ArticleLanguage",
    "ArticleList",
    "ArticleSummary",
    "ArticleVersion",
    "Attachment",
    "AuditEntry",
    "AuditPage",
    "AuthState",
    "Availability",
    "AvailabilityRequest",
    "BookedAppointment",
    "Callback",
    "CallbackChanged",
    "CallbackConfirmation",
    "CallbackList",
    "CallbackOutcome",
    "CallbackSource",
    "CallbackStatus",
    "Caller",
    "CallerType",
    "ChallengeAnswers",
    "ChallengeLockCleared",
    "ChallengeOutcome",
    "ChallengeQuestion",
    "ChallengeQuestions",
    "ChallengeResult",
    "Channel",
    "CloseRequest",
    "ConfirmPassword",
    "ContactRecord",
    "Conversation",
    "ConversationList",
    "ConversationState",
    "Dependant",
    "DialResult",
    "Diary",
    "DigitsResult",
    "Direction",
    "Disposition",
    "Enquiry",
    "EnquiryAnswer",
    "EnquiryCreated",
    "EnquiryList",
    "EnquiryMessage",
    "EnquiryRejection",
    "EnquirySource",
    "EnquiryState",
    "EnquirySummary",
    "ErrorBody",
    "ErrorDetail",
    "Escalation",
    "EscalationList",
    "EscalationNote",
    "Event",
    "EventType",
    "Floor",
    "Health",
    "History",
    "Identity",
    "Issue",
    "IssueStatus",
    "LastOrder",
    "LockedAccount",
    "LockedChallenge",
    "LoginRequest",
    "LogoutRequest",
    "Me",
    "NewConversation",
    "NewEnquiry",
    "NewRefundRequest",
    "NewText",
    "Note",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Organisation",
    "OutOfOffice",
    "OutboundMessage",
    "PaymentState",
    "PendingCheck",
    "Pharmacist",
    "PharmacistList",
    "Prescription",
    "QuestionKind",
    "QuickResponse",
    "QuickResponseList",
    "ReadOut",
    "RefreshRequest",
    "RefundDecision",
    "RefundRequest",
    "RefundRequestList",
    "RefundRequestState",
    "RemovedConversation",
    "Representative",
    "Role",
    "RouteAnswer",
    "SecurityAlert",
    "SlaTargets",
    "Snapshot",
    "SnapshotStats",
    "Stats",
    "StatsBucket",
    "StatsPeriod",
    "StrictBody",
    "Suggestion",
    "TeamEscalations",
    "TeamOutOfOffice",
    "TeamResponse",
    "Text",
    "TextKind",
    "TextStatus",
    "TextThread",
    "TokenPair",
    "TransferRequest",
    "WaitingConversation",
    "WireModel",
    "WorkflowRun",
]
