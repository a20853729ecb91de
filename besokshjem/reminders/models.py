# Reminders have no table of their own: each due event is an outbox row (besokshjem.outbox.models.Message).
# Migration 0002 moved the rows of the former Reminder table into the outbox.
