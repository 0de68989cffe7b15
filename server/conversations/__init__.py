"""A conversation's life, whatever its channel: what is open, who works it, the change events its
agent and the leads hear."""
