"""Workflows: the framework, the registry and the built-in catalogue."""
