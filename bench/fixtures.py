"""The bench's fixed throwaway secrets, shared by the server it starts and the desks it drives
(kept apart from bench.backend, which imports the server: a desk-only process imports this)."""

AIRCALL_TOKEN = "bench-aircall"
APP_KEY = "bench-app-key"
