"""Knowledge: the articles advisors answer questions from, and the next workflows suggested for
an account (one rule per module in ``server.knowledge.rules``)."""
