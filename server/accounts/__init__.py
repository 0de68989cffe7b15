"""A patient's account as the desk sees it: the snapshot, addresses and history."""
