"""Cross-cutting pieces: errors, permission helpers, audit, template filters."""
