"""The routing rules, one module each. A module names its rule (``NAME``), says where it
stands among the others by default (``ORDER``, lower first) and decides with
``decide(situation) -> Decision | None``: a decision rings someone, None passes to the next rule.
``CAREDESK_ROUTING_RULES`` chooses which rules run and in which order."""
