"""The pharmacist's desk: escalations and booked appointments."""
