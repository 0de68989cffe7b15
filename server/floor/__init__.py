"""The lead's floor: presence, the queue, refund requests and the figures."""
