"""Who is speaking: agents' sign-in and sessions, the sign-in throttle, the caller challenge and
its lock, app-call tokens."""
