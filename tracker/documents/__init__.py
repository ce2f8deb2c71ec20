"""Plan documents: a plan written as plain text or Word, read into a tree of headings and written as a new plan.

`model` is the contract between the reader (pure: bytes in, a ParsedDocument out, no database) and the writer
(the import service, `flask plan import` and the office's upload page). The feature sits in the top tier, beside
seeding: an imported plan brings departments, work items and proposed indicators, and indicators sit above plan.
"""

# Registers the front page's link to the plan page.
from tracker.documents import links  # noqa: F401
