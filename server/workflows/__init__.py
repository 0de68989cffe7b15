"""Running a workflow's server action: the checks, the run record, the note, the audit row, in
one transaction."""
