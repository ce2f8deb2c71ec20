"""Notifications: the inbox, the mail outbox and each person's mail preference (DESIGN.md, "Mail and other side
effects"). Features above call `services.notify` with plain data; nothing here knows what a work item is."""
