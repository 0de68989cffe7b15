"""The desk's controllers, one per screen or concern, none with a widget.

``DeskController`` (``desk.py``) holds what they share: the client, the signed-in agent, the
conversation list, the connection, the open conversation and its snapshot, the offline cache,
the lock, and the one task owner through which every controller leaves the UI thread. Each
controller beside it talks to the client for its own screen, owns its idempotency keys and says
what happened with its own signals; views observe them and emit intent.
"""
