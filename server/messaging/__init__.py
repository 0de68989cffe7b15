"""Messages out and in: texts and their opt-outs, the delivery outbox, Intercom notes, the enquiry
inbox."""
