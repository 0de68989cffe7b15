"""The account view's pieces: the header with its stats, the side summary, and one module per
tab. ``desktop.views.account_view`` puts them together."""
