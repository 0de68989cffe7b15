"""The built-in workflows, one module each (see DOMAIN.md for the catalogue)."""
