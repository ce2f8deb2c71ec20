"""Seeding: the plan, departments and indicators from seed/*.yaml, and the demo data (`flask seed ...`).

It sits at the top of the import direction beside exports and the dashboard: loading the plan's data writes
departments (org), work items (plan) and indicators, and the demo writes projects, status updates and reviews,
so no lower feature has to import indicators or the top-level `seed` package to be seeded.
"""
