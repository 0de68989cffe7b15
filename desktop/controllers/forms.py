"""What a workflow's form asks of the server while it is filled in: addresses for a postcode,
and the choices of a field whose options live on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController


class FormsController(QObject):
    addressesFound = Signal(str, object)  # postcode, list[m.Address]
    addressLookupFailed = Signal(str, str)  # postcode, why
    # A field kind, the conversation id, and its choices (m.QuickResponse, m.Pharmacist) / why.
    fieldChoicesFound = Signal(str, str, object)
    fieldChoicesFailed = Signal(str, str, str)

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk

    def lookup_addresses(self, postcode: str) -> None:
        self.desk.tasks.cancel("address-lookup")  # the latest postcode wins
        self.desk.tasks.spawn(self._lookup_addresses(postcode), name="address-lookup")

    async def _lookup_addresses(self, postcode: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            found = await client.accounts.addresses(postcode)
        except errors.CareDeskError as exc:
            self.addressLookupFailed.emit(postcode, self.desk.explain(exc))
            return
        self.addressesFound.emit(postcode, found.addresses)

    def load_field_choices(self, kind: str, conversation_id: str, language: str) -> None:
        """The choices of a workflow field whose options live on the server: ``quick_response``
        (the texting configuration's quick responses, filled in for this advisor and the
        conversation's line, in ``language`` where they have it) or ``pharmacist`` (who an
        escalation can name). Answered by fieldChoicesFound or fieldChoicesFailed."""
        self.desk.tasks.spawn(  # the workflow on screen wins: a newer load replaces this one
            self._load_field_choices(kind, conversation_id, language), name=f"choices:{kind}"
        )

    async def _load_field_choices(self, kind: str, conversation_id: str, language: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            if kind == "quick_response":
                items: list[object] = list(
                    (await client.texts.quick_responses(conversation_id, language)).items
                )
            elif kind == "pharmacist":
                items = list((await client.agents.pharmacists()).items)
            else:
                raise ValueError(f"no choices on the server for a {kind} field")
        except errors.CareDeskError as exc:
            self.fieldChoicesFailed.emit(kind, conversation_id, self.desk.explain(exc))
            return
        self.fieldChoicesFound.emit(kind, conversation_id, items)
