"""The CareDesk desk. Importing the package first stops PySide6 keeping the source of every module
imported after it in memory (``desktop.footprint``)."""

from desktop.footprint import keep_import_sources_out_of_memory

keep_import_sources_out_of_memory()
