"""Pieces several screens are built from (the Vorta manner): labels that never render markup,
read-only record tables, stat tiles, named-value grids, and how dates, money and states read."""
